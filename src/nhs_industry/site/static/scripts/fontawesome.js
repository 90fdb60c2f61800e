/* Stands in for the theme's icon script (1.5 MB), which its layout names on every page: the site's icons are
   drawn by nhs-icons.css (content/icons.py). Sphinx copies a project's static files over the theme's own. */
