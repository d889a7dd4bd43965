"""Read and validate: from the content folder's files to source models, every error with its place."""
