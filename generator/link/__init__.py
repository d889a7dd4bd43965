"""Link: from the public meetings to the archive, with topics, people, references and decisions."""
