"""Files: upload checks and thumbnails, content-addressed storage, multipart reading, and
attachments on messages."""
