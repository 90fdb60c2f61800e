/* Stands in for Sphinx's search index, which the theme's layout names on every page: the site's search is
   Pagefind (book/search-site.md), and Sphinx's own index is not built (sphinx_ext.py). */
