"""Innboks: the help site and the patient inbox of a national health portal."""
