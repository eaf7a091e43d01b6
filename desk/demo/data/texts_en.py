"""English ticket texts. Placeholders in braces are filled per ticket (see topics.py)."""

from __future__ import annotations

TOPICS: dict[str, dict[str, tuple[str, ...]]] = {
    "tg_silent": {
        "titles": ("Bot stopped answering in Telegram", "Telegram bot is silent since this morning",
                   "{bot} doesn't reply to customers in Telegram", "No replies in Telegram",
                   "Telegram: messages delivered but the assistant never answers"),
        "long": ("Our Telegram assistant stopped answering customers after we changed the "
                 "greeting text yesterday evening, and people keep writing to us about it",),
        "open": ("Hi, since about {time} today {bot} doesn't answer anyone in Telegram. Messages "
                 "show as delivered, but no reply. Example: {chat}",
                 "Hello! Our Telegram bot went silent. We didn't change anything on our side. "
                 "Customers are complaining, please check asap.",
                 "Hi team, the assistant replies in the web widget but not in Telegram. "
                 "Started around {time}. Here's one of the chats: {chat}"),
        "agent": ("Thanks {name}, looking into it now. Did you regenerate the bot token in "
                  "BotFather recently?",
                  "I can see the updates reaching us, but Telegram rejects our replies with 403. "
                  "Was the bot removed from the group or blocked?",
                  "We found the cause: the webhook for your bot was overwritten by another service "
                  "using the same token. I've re-registered it.",
                  "Could you send me a message to the bot now and tell me the exact time?"),
        "customer": ("We did reset the token on Monday, a developer was testing something.",
                     "Just sent 'test' at {time}.", "Still nothing on my phone.",
                     "Oh, our old chatbot builder might still be connected, I'll check."),
        "notes": ("Checked logs: setWebhook was called from 185.22.x.x at {time}, not us. Token "
                  "is shared with another service.",
                  "Telegram returns 403 Forbidden: bot was blocked by the user. Not our bug."),
        "resolve": ("The bot is answering again: I re-registered the webhook and it's stable for "
                    "the last hour. Please don't use the same token in other services.",
                    "Fixed: replies are going out again. I'll close this, write back if it "
                    "happens again."),
    },
    "webhook": {
        "titles": ("Webhook errors 502", "Webhook failed: 502 Bad Gateway",
                   "Leads are not arriving to our endpoint", "Webhook retries piling up",
                   "Webhook timeout after 30 s"),
        "long": ("Since the update on Tuesday every webhook call to our CRM endpoint fails with "
                 "502 Bad Gateway and the retry queue keeps growing, is this on your side?",),
        "open": ("Hi, we get 'Webhook failed: 502' in the dashboard since {time}. Our endpoint "
                 "https://crm.{domain}/hooks/aitextura works when we call it with curl.",
                 "Hello, the webhook log is all red today. Attaching the log. What changed?",
                 "Leads stopped coming to our system. The dashboard says the webhook failed."),
        "agent": ("Thanks, I see the 502s. They come from your server (behind Cloudflare), not "
                  "from us. Could your team check the origin?",
                  "Our requests time out after 30 seconds. Does your endpoint take longer "
                  "to respond when the payload has attachments?",
                  "Retries are exponential for up to 24 hours, so nothing is lost yet.",
                  "Could you whitelist our outgoing IPs? The list is in Settings > Security."),
        "customer": ("The endpoint responds in 2 s when I test it, strange.",
 "Here is the log from our side: nothing arrives at all.",
 "Our devops says the firewall blocked you after the migration. Fixing.",
 "We whitelisted the IPs, can you retry the queue?"),
        "notes": ("Checked logs: webhook returns 502 since {time}, their origin is down "
                  "(Cloudflare 502 page in the response body).",
                  "Retry queue for this account: {n}k events. Asked infra not to drop it."),
        "resolve": ("Deliveries are green again and the queue has been replayed. Closing this.",
                    "All queued events were delivered after the IP whitelist. Have a good day!"),
    },
    "kb_upload": {
        "titles": ("Knowledge base upload fails", "Can't upload PDF to the knowledge base",
                   "Price list PDF stuck in 'Processing'", "Knowledge base: 'Upload failed'"),
        "long": ("Uploading our new price list to the knowledge base fails every time with "
                 "'no text could be extracted', although the same file opens fine on every "
                 "computer we have",),
        "open": ("Hi, I'm trying to upload our price list to the knowledge base and it says "
                 "'Upload failed'. File attached.",
                 "The PDF has been 'Processing' for two hours. Is that normal?",
                 "Hello, uploading a 30 MB file gives an error, what is the limit?"),
        "agent": ("Could you send the file here so I can try it on our side?",
 "The file is a scan: it contains pictures of text, so there is nothing to index. "
                  "Could you export it from the original document instead?",
 "The limit is 20 MB per file. You can split the document or zip the text "
                  "versions.",
 "I re-queued the file, indexing takes 5-10 minutes."),
        "customer": ("Here is the file.",
 "It was scanned by the accountant, I'll ask for the Excel.",
 "Uploaded the new version, same error.",
 "Now it says 'Indexed', thanks!"),
        "notes": ("Parser log: 0 characters extracted, 14 pages, all images. Scanned PDF.",
                  "Indexing worker was stuck on this account, restarted it."),
        "resolve": ("The new file is indexed and the assistant answers from it. Closing.",),
    },
    "wrong_prices": {
        "titles": ("Assistant quotes old prices", "Wrong prices in the bot's answers",
                   "{bot} gives outdated price for {product}", "Bot says {old_price} instead "
                   "of {new_price}"),
        "long": ("Even after we uploaded the new price list last week, the assistant keeps "
                 "telling customers the old price for {product}, which causes arguments at "
                 "checkout",),
        "open": ("Hi, the bot tells customers {product} costs {old_price}, but it's {new_price} "
                 "since Monday. See {chat}",
                 "Hello, we updated prices in the knowledge base, but the assistant still uses "
                 "the old ones. Screenshot attached.",
                 "Customers are angry because the bot quotes wrong prices."),
        "agent": ("Could you send a link to the conversation where it happened?",
 "The old price list is still in the knowledge base next to the new one, so the "
                  "assistant sees both. Could you delete the old file?",
 "The prices are also written in the assistant's instructions (System prompt), "
                  "which take priority. Please update them there.",
 "I cleared the answer cache for your assistant, please try again."),
        "customer": ("Here's the link: {chat}",
 "Deleted the old file. Let me test.",
 "Found it in the instructions, my colleague put it there. Updated.",
 "Now it says {new_price}, great."),
        "notes": ("Two price lists in the KB: price-2024.pdf and price-2025.pdf. Retrieval picks "
                  "the old one more often.",),
        "resolve": ("Glad it's sorted! I'll close the ticket.",),
    },
    "handoff": {
        "titles": ("Handoff to a human operator doesn't work", "Operator transfer not triggering",
                   "Bot doesn't pass the chat to our manager", "Handoff: customers stuck with bot"),
        "long": ("When a customer asks for a real person the assistant keeps answering by itself "
                 "instead of handing the conversation to our operators in the inbox",),
        "open": ("Hi, when customers ask for a human, the bot keeps answering. Example: {chat}",
                 "Hello, the handoff to operator stopped working after we changed working hours.",
                 "Our managers don't get notifications when the bot hands off a chat."),
        "agent": ("Handoff only happens inside working hours set in Assistant > Handoff. Right "
                  "now they end at 18:00, so after that the chat is queued.",
                  "No operators were online at that moment, so the request went to the queue.",
                  "Could you check that your managers have the Operator role?",
                  "I see 'Notify operators in Telegram' is on, but the group was deleted."),
        "customer": ("Managers are online but they see nothing.",
 "Which role do they need?",
 "Our shop works until 21:00, I'll change the hours.",
 "We created a new group and added the bot."),
        "notes": ("Handoff events are fired, but their operator group is empty. Config issue.",),
        "resolve": ("Handoff works now, I tested it with the phrase 'operator please'. Closing.",),
    },
    "billing": {
        "titles": ("Message limit reached before the end of the month", "Invoice for {plan}",
                   "Question about the bill", "Charged twice this month?",
                   "Need closing documents for last quarter"),
        "long": ("We hit the message limit of the {plan} plan in the middle of the month and the "
                 "assistant stopped answering, how can we add messages without changing plan",),
        "open": ("Hi, we got a 'limit reached' email, but our dashboard shows {limit} messages. "
                 "Can you explain?",
                 "Hello, could you send the invoice for this month to accounts@{domain}?",
                 "Our card was charged twice on the 1st. Please refund one payment."),
        "agent": ("The limit counts both incoming and outgoing messages, that's why it's higher "
                  "than the dialog count.",
                  "I've added 5,000 messages as a one-time bonus so the bot keeps working.",
                  "Invoice {invoice} is attached.",
                  "I see the double charge, refund has been issued, it takes 3-5 business days.",
                  "Yes, yearly billing saves you two months. I've switched you over from the next "
                  "invoice.",
                  "The corrected invoice with your VAT number is attached."),
        "customer": ("Our accountant needs it with our VAT number.",
 "Got it, thanks.",
 "Thanks! Can we switch to yearly billing?",
 "Refund received."),
        "notes": ("Customer is on {plan}, {limit} messages/month, 94% used by the 15th.",
                  "Refund approved by finance, see {ref}."),
        "resolve": ("Done, the invoice is sent. Closing this one.",),
    },
    "channels": {
        "titles": ("How to connect {channel}?", "{channel} channel setup fails",
                   "{channel} Business: verification stuck", "Connect our {channel} account"),
        "long": ("We are trying to connect our {channel} business account to the assistant but "
                 "the connection wizard fails at the last step with an unknown error",),
        "open": ("Hi, we want to add {channel}. Where do I start?",
                 "Hello, {channel} connection fails at the last step with 'Something went wrong'.",
                 "We connected {channel} yesterday, but messages don't reach the bot."),
        "agent": ("Could you send a screenshot of the error?",
 "For {channel} you need a business account linked to a Facebook Business "
                  "Manager. Here is the guide: https://docs.aitextura.com/channels",
 "Meta hasn't verified your business yet. That usually takes 1-3 days.",
 "Please reconnect the channel: the access token expired after the password "
                  "change.",
 "Grant everything the wizard asks for: messages and page management. We only use "
                  "them to send replies."),
        "customer": ("It just says 'Something went wrong, try again later'.",
 "Which permissions should I grant?",
 "Verification passed this morning.",
 "Reconnected, now it works!",
 "Done, the channel shows 'Connected' now."),
        "notes": ("Meta API returns error 368: account temporarily blocked for policy.",),
        "resolve": ("{channel} is connected and messages arrive. Closing the ticket.",),
    },
    "crm": {
        "titles": ("{crm} integration not creating leads", "Leads from the bot don't appear in "
                   "{crm}", "{crm}: duplicate contacts", "{crm} connection lost"),
        "long": ("After reconnecting {crm} the assistant creates every lead twice and puts them "
                 "in the wrong pipeline stage, so our sales team is confused",),
        "open": ("Hi, since yesterday no leads from the bot appear in {crm}.",
                 "Hello, every lead from the assistant is created twice in {crm}.",
                 "The {crm} integration shows 'disconnected', reconnecting doesn't help."),
        "agent": ("I see '401 Unauthorized' from {crm}. Did the admin user change?",
 "The {crm} token expired. Please reconnect in Integrations > {crm}.",
 "Duplicates happen when both the webhook and the native integration are on. "
                  "Could you turn one of them off?",
 "Which pipeline and stage should new leads go to?"),
        "customer": ("Our admin left the company, that's it.",
 "Pipeline 'Website', stage 'New'.",
 "Reconnected. Let's see.",
 "Turned off the webhook."),
        "notes": ("{crm} API: 401 invalid_grant since {time}. Refresh token revoked.",),
        "resolve": ("Leads go to {crm} again, one per dialog. Closing.",),
    },
    "voice": {
        "titles": ("Feature request: voice messages", "Can the bot understand voice notes?",
                   "Support for audio messages", "Voice replies from the assistant"),
        "long": ("Half of our customers send voice notes in {channel} and the assistant ignores "
                 "them, it would be great to have speech recognition",),
        "open": ("Hi, many clients send voice messages. Does the assistant support them?",
                 "It would be great if the bot could reply with voice too."),
        "agent": ("Voice recognition is on our roadmap for next quarter, I've added your vote.",
                  "Currently the bot answers voice messages with a request to type."),
        "customer": ("Please let us know when it's ready!", "Is there a beta?"),
        "notes": ("+1 for voice, added to the roadmap card {ref}.",),
        "resolve": ("Your request is recorded. We'll write when voice is released.",),
    },
    "export": {
        "titles": ("Export analytics to Excel", "Feature request: analytics export",
                   "Need a CSV of all dialogs", "API for conversation statistics"),
        "long": ("Could you add an export of the analytics dashboard (dialogs, leads, handoffs "
                 "per day) to CSV or Excel so our marketing team can build reports",),
        "open": ("Hi, is it possible to export analytics to Excel? Our marketing team asks.",
                 "Hello, we need all dialogs for the last month as a file."),
        "agent": ("Export to CSV is available in Analytics > Export. Here is an example file.",
                  "There is no Excel export yet, but you can use the API: "
                  "https://docs.aitextura.com/api/analytics"),
        "customer": ("Found it, thanks. Can we get it by email weekly?", "CSV works for us."),
        "notes": ("Scheduled export requested by 4 customers this month.",),
        "resolve": ("Scheduled export is noted as a feature request. Closing for now.",),
    },
    "howto": {
        "titles": ("How to add a second admin?", "Change the assistant's tone",
                   "Bot answers are too long", "Can the bot speak Spanish too?",
                   "Where can I see all conversations?"),
        "long": ("Is there a way to make the assistant's answers shorter and friendlier without "
                 "rewriting the whole instruction, our customers don't read long texts",),
        "open": ("Hi, how do I give my colleague access to the dashboard?",
                 "Hello, the bot answers with very long texts, can we make them shorter?",
                 "Quick question: does the assistant detect the customer's language?"),
        "agent": ("Go to Settings > Team and invite them by email with the Admin role.",
                  "Add 'Answer in 2-3 sentences' to the instructions, it helps a lot.",
                  "Yes, it replies in the customer's language automatically."),
        "customer": ("Perfect, thank you!", "Works, answers are much shorter now."),
        "notes": (),
        "resolve": ("Happy to help! Closing this ticket.",),
    },
}  # fmt: skip

GENERIC: dict[str, tuple[str, ...]] = {
    "agent": ("Thanks for the details, checking now.",
              "Could you send a link to the conversation where it happened?",
              "I've passed this to our engineers and will update you within the hour.",
              "Sorry for the wait! Still on it.",
              "Could you try again now and tell me if anything changed?",
              "Hi {name}, any news on your side?"),
    "customer": ("Any update?", "Here's the link: {chat}", "Still the same.",
                 "Thanks, I'll check and come back.", "Ok, waiting.",
                 "Sorry, one more thing: it also happened at {time}.",
                 "We're losing customers, please hurry."),
    "thanks": ("Thank you, works now!", "Great, thanks a lot!", "Confirmed, all good."),
    "notes": ("Escalated to backend, see {ref}.", "Customer is on {plan}, priority support.",
              "Same issue as {ref}, linking.", "Asked {agent} to take over tomorrow morning.",
              "Waiting for the customer's developer."),
    "resolve": ("Glad it's sorted! I'll close the ticket, write back any time.",),
    "empty_with_file": ("", "Screenshot", "See attached"),
}  # fmt: skip

URGENT_PREFIXES = ("URGENT: ", "[urgent] ", "Urgent! ", "URGENT - ")
URGENT_SUFFIX = " URGENT"
NOT_URGENT = ("Not urgent: ",)
PLANS = ("Start", "Business", "Pro")
