"""Editions of the site in the scripts of China's minority languages (维吾尔文, 哈萨克文, 蒙古文, 藏文, 朝鲜文)."""
