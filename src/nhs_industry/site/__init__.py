"""The build and the site's Sphinx glue: staging the book, running chapters, Sphinx, the search index, the
preview. Imports the content and the model; never the commands."""
