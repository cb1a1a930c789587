reclaim all
