"""The trilingual help site: MkDocs with Material, one build per language."""
