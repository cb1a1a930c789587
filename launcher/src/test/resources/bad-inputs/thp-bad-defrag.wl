thp defrag=perhaps
