/* Stands in for Sphinx's search script, which the theme's layout names on every page: the site's search is
   Pagefind (book/search-site.md), and Sphinx's own search index is not built. */
