"""Files made from the data outside the site: exports, HSDS, the offline package, handouts, the document, diff, stats, scaffold, upgrade."""
