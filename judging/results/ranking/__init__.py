"""A round's ranking as the organizers read it: the board, policy previews, each project's scores
in full and the judges' calibration."""
