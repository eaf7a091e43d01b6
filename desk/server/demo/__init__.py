"""Building blocks of the demo data set; ``desk.server.demo_content`` assembles them."""
