"""The Textual screens and the widgets they are built from. UI only: logic lives in console.core."""
