"""What is made from the model for readers: charts, tables, entry pages, era chapters, teaching material,
citations and downloads. Imports the model; never the site or the commands."""
