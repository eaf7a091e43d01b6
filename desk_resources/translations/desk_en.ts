<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Collision</name>
    <message numerus="yes">
        <location filename="../../ui/collab/collision_banner.py" line="33"/>
        <source>(%n attachment(s))</source>
        <translation>
            <numerusform>(%n attachment)</numerusform>
            <numerusform>(%n attachments)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/collab/collision_banner.py" line="158"/>
        <source>…and %n more in the conversation above</source>
        <translation>
            <numerusform>…and %n more in the conversation above</numerusform>
            <numerusform>…and %n more in the conversation above</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ContextPanel</name>
    <message numerus="yes">
        <location filename="../../ui/context/customer_card.py" line="138"/>
        <source>%n ticket(s)</source>
        <translation>
            <numerusform>%n ticket</numerusform>
            <numerusform>%n tickets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/context/customer_card.py" line="140"/>
        <source>%n open</source>
        <translation>
            <numerusform>%n open</numerusform>
            <numerusform>%n open</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message numerus="yes">
        <location filename="../../ui/mainwindow/statusbar/bar.py" line="110"/>
        <source>%n overdue</source>
        <translation>
            <numerusform>%n overdue</numerusform>
            <numerusform>%n overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/mainwindow/statusbar/bar.py" line="112"/>
        <source>%n due within 1 h</source>
        <translation>
            <numerusform>%n due within 1 h</numerusform>
            <numerusform>%n due within 1 h</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Notifications</name>
    <message numerus="yes">
        <location filename="../../ui/alerts/notifications.py" line="90"/>
        <source>%n new ticket(s)</source>
        <translation>
            <numerusform>%n new ticket</numerusform>
            <numerusform>%n new tickets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/alerts/notifications.py" line="92"/>
        <source>%n new customer message(s)</source>
        <translation>
            <numerusform>%n new customer message</numerusform>
            <numerusform>%n new customer messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/alerts/notifications.py" line="94"/>
        <source>%n ticket(s) due soon</source>
        <translation>
            <numerusform>%n ticket due soon</numerusform>
            <numerusform>%n tickets due soon</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/alerts/notifications.py" line="96"/>
        <source>%n ticket(s) overdue</source>
        <translation>
            <numerusform>%n ticket overdue</numerusform>
            <numerusform>%n tickets overdue</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Queue</name>
    <message numerus="yes">
        <location filename="../../ui/formatting.py" line="41"/>
        <location filename="../../ui/formatting.py" line="47"/>
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/formatting.py" line="45"/>
        <location filename="../../ui/formatting.py" line="47"/>
        <location filename="../../ui/formatting.py" line="53"/>
        <location filename="../../ui/formatting.py" line="64"/>
        <source>%n h</source>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/formatting.py" line="52"/>
        <location filename="../../ui/formatting.py" line="53"/>
        <location filename="../../ui/formatting.py" line="62"/>
        <source>%n d</source>
        <translation>
            <numerusform>%n d</numerusform>
            <numerusform>%n d</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/formatting.py" line="77"/>
        <source>%n min ago</source>
        <translation>
            <numerusform>%n min ago</numerusform>
            <numerusform>%n min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/formatting.py" line="79"/>
        <source>%n h ago</source>
        <translation>
            <numerusform>%n h ago</numerusform>
            <numerusform>%n h ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/formatting.py" line="81"/>
        <source>%n d ago</source>
        <translation>
            <numerusform>%n d ago</numerusform>
            <numerusform>%n d ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/queue/labels.py" line="31"/>
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n message</numerusform>
            <numerusform>%n messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/queue/labels.py" line="35"/>
        <source>%n unread message(s)</source>
        <translation>
            <numerusform>%n unread message</numerusform>
            <numerusform>%n unread messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/queue/labels.py" line="83"/>
        <source>%n unread</source>
        <translation>
            <numerusform>%n unread</numerusform>
            <numerusform>%n unread</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message numerus="yes">
        <location filename="../../ui/alerts/tray.py" line="173"/>
        <source>%n waiting for a reply</source>
        <translation>
            <numerusform>%n waiting for a reply</numerusform>
            <numerusform>%n waiting for a reply</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/alerts/tray.py" line="177"/>
        <source>%n urgent</source>
        <translation>
            <numerusform>%n urgent</numerusform>
            <numerusform>%n urgent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/alerts/tray.py" line="179"/>
        <source>%n overdue</source>
        <translation>
            <numerusform>%n overdue</numerusform>
            <numerusform>%n overdue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/alerts/tray.py" line="181"/>
        <source>%n assigned to me</source>
        <translation>
            <numerusform>%n assigned to me</numerusform>
            <numerusform>%n assigned to me</numerusform>
        </translation>
    </message>
</context>
</TS>
