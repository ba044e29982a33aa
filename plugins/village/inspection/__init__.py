"""What county inspectors check (国办秘函〔2019〕19号, 国办发〔2017〕47号): honest dates from git,
page metadata, column freshness, the yearly report and the ways to reach the village."""
