"""Getting each post to villagers by the channels they use: loudspeaker scripts (广播稿), recorded
broadcasts (音频) and their podcast feed, WeChat share text and pictures, notice-board posters."""
