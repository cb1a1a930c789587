thp max_ptes_none=99999
