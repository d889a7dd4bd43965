"""Turn minutes extracted from published PDFs into meeting files (`minutes import`)."""
