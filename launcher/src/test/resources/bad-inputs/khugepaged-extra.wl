khugepaged now
