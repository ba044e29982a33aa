"""The 公开栏 (disclosure archive): 党务/村务/财务 items with their tables and charts, and 四议两公开 matters."""
