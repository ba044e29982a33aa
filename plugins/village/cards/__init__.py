"""The three cards of 一博三卡: 便民联系卡, 村情明白卡 and 质询回音卡."""
