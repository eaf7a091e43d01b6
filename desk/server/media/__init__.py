"""Attachment files: upload checks (`validation`, with `images` opening them safely),
thumbnails, content-addressed storage, multipart reading (`uploads`) and attachment rows
on messages (`attachments`)."""
