"""The demo environment behind ``desk --demo`` and ``desk-server seed-demo``: the embedded
server, the customer simulator, the seeding and the demo data set. It sits above the
client and the server, and only those two entry points load it."""
