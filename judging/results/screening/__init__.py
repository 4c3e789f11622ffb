"""What a screening round decides: each project eligible or not, by its screeners' quorum or,
where they disagree, by an organizer; and only the eligible admitted to the next round, their
teams told (with the reason when the organizers share it)."""
