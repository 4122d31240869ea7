"""Acting for someone else: powers of attorney between adults, and parents for their
children as the population register says. Who may then do what is decided in
app/inbox/access.py; this package holds the facts it decides from."""
