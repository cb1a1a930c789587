echo bell
