"""The live leaderboard of a round: what the big screen shows while judges score a final."""
