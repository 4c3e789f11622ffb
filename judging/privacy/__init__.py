"""Personal data: what the platform holds about a person, handed to them on request, and
erased at their request once an organizer confirms (China's PIPL, the EU's GDPR)."""
