thp enabled=sometimes
