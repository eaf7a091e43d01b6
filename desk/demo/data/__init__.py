"""Building blocks of the demo data set; ``desk.demo.content`` assembles them."""
