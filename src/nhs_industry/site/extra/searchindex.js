/* A stand-in: see nhs_industry/site/sphinx_ext.py */
