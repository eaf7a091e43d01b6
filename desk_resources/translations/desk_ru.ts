<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>AttachmentChip</name>
    <message>
        <location filename="../../ui/chat/attachments.py" line="162"/>
        <source>Preparing…</source>
        <translation>Подготовка…</translation>
    </message>
</context>
<context>
    <name>Attachments</name>
    <message>
        <location filename="../../ui/chat/attachments.py" line="69"/>
        <source>{0} bytes</source>
        <translation>{0} Б</translation>
    </message>
    <message>
        <location filename="../../ui/chat/attachments.py" line="71"/>
        <source>{0} KB</source>
        <translation>{0} КБ</translation>
    </message>
    <message>
        <location filename="../../ui/chat/attachments.py" line="76"/>
        <source>{0} MB</source>
        <translation>{0} МБ</translation>
    </message>
    <message>
        <location filename="../../ui/chat/attachments.py" line="94"/>
        <source>{name} is {size}; the limit is {limit}</source>
        <translation>{name}: {size}, а можно не больше {limit}</translation>
    </message>
    <message>
        <location filename="../../ui/chat/attachments.py" line="102"/>
        <source>{name} can&apos;t be sent: only images, PDF, text and ZIP files are allowed</source>
        <translation>{name} нельзя отправить: можно только изображения, PDF, текст и ZIP</translation>
    </message>
    <message>
        <location filename="../../ui/chat/attachments.py" line="113"/>
        <source>{name} is a folder; only files can be attached</source>
        <translation>{name} — папка; прикрепить можно только файлы</translation>
    </message>
    <message>
        <location filename="../../ui/chat/attachments.py" line="127"/>
        <source>{name} can&apos;t be read: {reason}</source>
        <translation>Не удалось прочитать {name}: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/chat/attachments.py" line="135"/>
        <source>{name} is not a valid image</source>
        <translation>{name}: файл изображения повреждён</translation>
    </message>
    <message>
        <location filename="../../ui/chat/attachments.py" line="141"/>
        <source>{name} is {w}×{h} pixels; the limit is 50 megapixels</source>
        <translation>{name}: {w}×{h} пикс., а можно не больше 50 мегапикселей</translation>
    </message>
    <message>
        <location filename="../../ui/chat/attachments.py" line="333"/>
        <source>The pasted image could not be prepared</source>
        <translation>Не удалось подготовить вставленное изображение</translation>
    </message>
</context>
<context>
    <name>BusinessClock</name>
    <message>
        <location filename="../../ui/mainwindow/statusbar/clock.py" line="69"/>
        <source>MSK</source>
        <translation>МСК</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/statusbar/clock.py" line="75"/>
        <source>Business hours</source>
        <translation>Рабочее время</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/statusbar/clock.py" line="77"/>
        <source>Business hours until {0} {1}</source>
        <translation>Рабочее время до {0} {1}</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/statusbar/clock.py" line="81"/>
        <source>After hours — on call</source>
        <translation>Нерабочее время — дежурство</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/statusbar/clock.py" line="81"/>
        <source>After hours</source>
        <translation>Нерабочее время</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/statusbar/clock.py" line="91"/>
        <source>today at {0}</source>
        <translation>сегодня в {0}</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/statusbar/clock.py" line="93"/>
        <source>tomorrow at {0}</source>
        <translation>завтра в {0}</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/statusbar/clock.py" line="96"/>
        <source>{0} at {1}</source>
        <translation>{0} в {1}</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/statusbar/clock.py" line="99"/>
        <source>Business hours resume {0} {1} (in {2})</source>
        <translation>Рабочее время начнётся {0} {1} (через {2})</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <location filename="../../ui/chat/delegate.py" line="261"/>
        <location filename="../../ui/chat/layout.py" line="298"/>
        <source>Internal note</source>
        <translation>Внутренняя заметка</translation>
    </message>
    <message>
        <location filename="../../ui/chat/delegate.py" line="328"/>
        <source>Image not available</source>
        <translation>Изображение недоступно</translation>
    </message>
    <message>
        <location filename="../../ui/chat/layout.py" line="305"/>
        <source>Sending…</source>
        <translation>Отправка…</translation>
    </message>
    <message>
        <location filename="../../ui/chat/layout.py" line="307"/>
        <source>Not sent</source>
        <translation>Не отправлено</translation>
    </message>
    <message>
        <location filename="../../ui/chat/layout.py" line="353"/>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <location filename="../../ui/chat/layout.py" line="365"/>
        <source>The message could not be sent.</source>
        <translation>Не удалось отправить сообщение.</translation>
    </message>
    <message>
        <location filename="../../ui/chat/layout.py" line="375"/>
        <location filename="../../ui/chat/view.py" line="733"/>
        <location filename="../../ui/chat/view.py" line="767"/>
        <source>Retry</source>
        <translation>Повторить</translation>
    </message>
    <message>
        <location filename="../../ui/chat/layout.py" line="376"/>
        <location filename="../../ui/chat/view.py" line="735"/>
        <location filename="../../ui/chat/view.py" line="768"/>
        <source>Discard</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <location filename="../../ui/chat/layout.py" line="377"/>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <location filename="../../ui/chat/model.py" line="66"/>
        <source>You</source>
        <translation>Вы</translation>
    </message>
    <message>
        <location filename="../../ui/chat/rows.py" line="190"/>
        <source>internal note</source>
        <translation>внутренняя заметка</translation>
    </message>
    <message>
        <location filename="../../ui/chat/rows.py" line="193"/>
        <source>not sent</source>
        <translation>не отправлено</translation>
    </message>
    <message>
        <location filename="../../ui/chat/rows.py" line="196"/>
        <source>sending</source>
        <translation>отправляется</translation>
    </message>
    <message>
        <location filename="../../ui/chat/rows.py" line="201"/>
        <source>attachments: %1</source>
        <translation>вложения: %1</translation>
    </message>
    <message>
        <location filename="../../ui/chat/rows.py" line="210"/>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <location filename="../../ui/chat/rows.py" line="212"/>
        <source>Yesterday</source>
        <translation>Вчера</translation>
    </message>
    <message>
        <location filename="../../ui/chat/thumbnails.py" line="33"/>
        <source>not an image</source>
        <translation>это не изображение</translation>
    </message>
    <message>
        <location filename="../../ui/chat/view.py" line="758"/>
        <source>Open link</source>
        <translation>Открыть ссылку</translation>
    </message>
    <message>
        <location filename="../../ui/chat/view.py" line="760"/>
        <source>Copy link</source>
        <translation>Копировать ссылку</translation>
    </message>
    <message>
        <location filename="../../ui/chat/view.py" line="721"/>
        <location filename="../../ui/chat/view.py" line="763"/>
        <source>Copy text</source>
        <translation>Копировать текст</translation>
    </message>
    <message>
        <location filename="../../ui/chat/view.py" line="727"/>
        <source>Open link {0}</source>
        <translation>Открыть ссылку {0}</translation>
    </message>
    <message>
        <location filename="../../ui/chat/view.py" line="729"/>
        <source>Open ticket #{0}</source>
        <translation>Открыть тикет #{0}</translation>
    </message>
    <message>
        <location filename="../../ui/chat/view.py" line="731"/>
        <source>Open {0}</source>
        <translation>Открыть {0}</translation>
    </message>
    <message>
        <location filename="../../ui/chat/view.py" line="807"/>
        <source>Could not load the image: {0}</source>
        <translation>Не удалось загрузить изображение: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/chat/view.py" line="821"/>
        <source>No messages yet</source>
        <translation>Сообщений пока нет</translation>
    </message>
    <message>
        <location filename="../../ui/chat/view.py" line="822"/>
        <source>Select a ticket to see the conversation</source>
        <translation>Выберите тикет, чтобы увидеть переписку</translation>
    </message>
</context>
<context>
    <name>Collision</name>
    <message numerus="yes">
        <location filename="../../ui/collab/collision_banner.py" line="33"/>
        <source>(%n attachment(s))</source>
        <translation>
            <numerusform>(%n вложение)</numerusform>
            <numerusform>(%n вложения)</numerusform>
            <numerusform>(%n вложений)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/collab/collision_banner.py" line="44"/>
        <source>{0} (customer) wrote: {1}</source>
        <translation>{0} (клиент) пишет: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/collab/collision_banner.py" line="47"/>
        <source>{0} added an internal note: {1}</source>
        <translation>{0} добавил(а) внутреннюю заметку: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/collab/collision_banner.py" line="50"/>
        <source>{0} already replied: {1}</source>
        <translation>{0} уже ответил(а): {1}</translation>
    </message>
    <message>
        <location filename="../../ui/collab/collision_banner.py" line="60"/>
        <source>While you were writing, {0} replied to the customer.</source>
        <translation>Пока вы писали, {0} ответил(а) клиенту.</translation>
    </message>
    <message>
        <location filename="../../ui/collab/collision_banner.py" line="64"/>
        <source>While you were writing, the customer wrote again.</source>
        <translation>Пока вы писали, клиент написал ещё раз.</translation>
    </message>
    <message>
        <location filename="../../ui/collab/collision_banner.py" line="65"/>
        <source>While you were writing, the conversation moved on.</source>
        <translation>Пока вы писали, в переписке появились новые сообщения.</translation>
    </message>
    <message>
        <location filename="../../ui/collab/collision_banner.py" line="78"/>
        <source>Show this message in the conversation</source>
        <translation>Показать это сообщение в переписке</translation>
    </message>
    <message>
        <location filename="../../ui/collab/collision_banner.py" line="94"/>
        <source>Reply not sent</source>
        <translation>Ответ не отправлен</translation>
    </message>
    <message>
        <location filename="../../ui/collab/collision_banner.py" line="105"/>
        <source>Your reply has not been sent. Nothing you wrote is lost.</source>
        <translation>Ваш ответ не отправлен. Всё, что вы написали, сохранено.</translation>
    </message>
    <message>
        <location filename="../../ui/collab/collision_banner.py" line="109"/>
        <source>Edit first</source>
        <translation>Сначала исправить</translation>
    </message>
    <message>
        <location filename="../../ui/collab/collision_banner.py" line="112"/>
        <source>Dismiss this and change your reply (Esc)</source>
        <translation>Закрыть и изменить ответ (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/collab/collision_banner.py" line="114"/>
        <source>Send anyway</source>
        <translation>Всё равно отправить</translation>
    </message>
    <message>
        <location filename="../../ui/collab/collision_banner.py" line="116"/>
        <source>Send your reply as it is</source>
        <translation>Отправить ответ как есть</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/collab/collision_banner.py" line="158"/>
        <source>…and %n more in the conversation above</source>
        <translation>
            <numerusform>…и ещё %n выше в переписке</numerusform>
            <numerusform>…и ещё %n выше в переписке</numerusform>
            <numerusform>…и ещё %n выше в переписке</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../ui/chat/composer.py" line="81"/>
        <source>Internal note · only your team sees this</source>
        <translation>Внутренняя заметка · видит только ваша команда</translation>
    </message>
    <message>
        <location filename="../../ui/chat/composer.py" line="86"/>
        <source>Message</source>
        <translation>Сообщение</translation>
    </message>
    <message>
        <location filename="../../ui/chat/composer.py" line="92"/>
        <source>Attach…</source>
        <translation>Прикрепить…</translation>
    </message>
    <message>
        <location filename="../../ui/chat/composer.py" line="94"/>
        <location filename="../../ui/chat/composer.py" line="289"/>
        <source>Attach files</source>
        <translation>Прикрепить файлы</translation>
    </message>
    <message>
        <location filename="../../ui/chat/composer.py" line="96"/>
        <source>Attach images, PDF, text or ZIP files up to {0}</source>
        <translation>Прикрепить изображения, PDF, текст или ZIP до {0}</translation>
    </message>
    <message>
        <location filename="../../ui/chat/composer.py" line="100"/>
        <location filename="../../ui/chat/composer.py" line="103"/>
        <source>Internal note</source>
        <translation>Внутренняя заметка</translation>
    </message>
    <message>
        <location filename="../../ui/chat/composer.py" line="104"/>
        <source>Write a note only your team sees (N); reply (R)</source>
        <translation>Заметка, которую видит только команда (N); ответ клиенту (R)</translation>
    </message>
    <message>
        <location filename="../../ui/chat/composer.py" line="241"/>
        <source>Open a ticket to reply.</source>
        <translation>Откройте тикет, чтобы ответить.</translation>
    </message>
    <message>
        <location filename="../../ui/chat/composer.py" line="245"/>
        <source>This ticket is closed and cannot be reopened. The customer can open a new ticket.</source>
        <translation>Тикет закрыт, открыть его снова нельзя. Клиент может создать новый тикет.</translation>
    </message>
    <message>
        <location filename="../../ui/chat/composer.py" line="294"/>
        <source>Images, PDF, text and ZIP (*.png *.jpg *.jpeg *.gif *.webp *.pdf *.txt *.zip)</source>
        <translation>Изображения, PDF, текст и ZIP (*.png *.jpg *.jpeg *.gif *.webp *.pdf *.txt *.zip)</translation>
    </message>
    <message>
        <location filename="../../ui/chat/composer.py" line="296"/>
        <source>All files (*)</source>
        <translation>Все файлы (*)</translation>
    </message>
    <message>
        <location filename="../../ui/chat/composer.py" line="334"/>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <location filename="../../ui/chat/composer.py" line="335"/>
        <source>{0} to send</source>
        <translation>{0} — отправить</translation>
    </message>
    <message>
        <location filename="../../ui/chat/composer.py" line="373"/>
        <source>Internal note — only your team sees this</source>
        <translation>Внутренняя заметка — её видит только ваша команда</translation>
    </message>
    <message>
        <location filename="../../ui/chat/composer.py" line="375"/>
        <source>Reply to the customer…</source>
        <translation>Ответ клиенту…</translation>
    </message>
    <message>
        <location filename="../../ui/chat/composer.py" line="377"/>
        <source>Add note</source>
        <translation>Добавить заметку</translation>
    </message>
    <message>
        <location filename="../../ui/chat/composer.py" line="377"/>
        <source>Send</source>
        <translation>Отправить</translation>
    </message>
    <message>
        <location filename="../../ui/chat/composer.py" line="379"/>
        <source>Add internal note</source>
        <translation>Добавить внутреннюю заметку</translation>
    </message>
    <message>
        <location filename="../../ui/chat/composer.py" line="379"/>
        <source>Send reply</source>
        <translation>Отправить ответ</translation>
    </message>
</context>
<context>
    <name>ConnectionIndicator</name>
    <message>
        <location filename="../../ui/mainwindow/statusbar/connection.py" line="98"/>
        <source>Last sync {0}</source>
        <translation>Обновлено в {0}</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/statusbar/connection.py" line="100"/>
        <source>Last synchronised {0}</source>
        <translation>Последняя синхронизация: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/statusbar/connection.py" line="112"/>
        <source>Online</source>
        <translation>В сети</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/statusbar/connection.py" line="113"/>
        <source>Connected: new tickets and messages arrive as they happen.</source>
        <translation>Подключено: новые тикеты и сообщения приходят сразу.</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/statusbar/connection.py" line="117"/>
        <source>Connecting…</source>
        <translation>Подключение…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/statusbar/connection.py" line="118"/>
        <source>Connecting to the server.</source>
        <translation>Подключение к серверу.</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/statusbar/connection.py" line="122"/>
        <source>Reconnecting…</source>
        <translation>Переподключение…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/statusbar/connection.py" line="123"/>
        <source>The connection dropped; trying again. What you see may be stale.</source>
        <translation>Связь прервалась, пробуем снова. Данные на экране могут быть устаревшими.</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/statusbar/connection.py" line="127"/>
        <source>Offline — changes will be sent when the connection returns</source>
        <translation>Нет связи — изменения отправятся позже</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/statusbar/connection.py" line="128"/>
        <source>No connection to the server. Your replies wait in the outbox.</source>
        <translation>Нет связи с сервером. Ваши ответы ждут в очереди на отправку.</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/statusbar/connection.py" line="134"/>
        <source>Signed out — click to sign in again</source>
        <translation>Сеанс истёк — нажмите, чтобы войти снова</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/statusbar/connection.py" line="136"/>
        <source>Your session has expired. Replies wait in the outbox and drafts are kept; they are sent once you sign in again.</source>
        <translation>Сеанс истёк. Ответы ждут в очереди на отправку, черновики сохранены; они уйдут, как только вы войдёте снова.</translation>
    </message>
</context>
<context>
    <name>ContextPanel</name>
    <message>
        <location filename="../../ui/context/customer_card.py" line="80"/>
        <source>Copy name</source>
        <translation>Копировать имя</translation>
    </message>
    <message>
        <location filename="../../ui/context/customer_card.py" line="88"/>
        <location filename="../../ui/context/customer_card.py" line="89"/>
        <source>Copy email</source>
        <translation>Копировать адрес</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/context/customer_card.py" line="138"/>
        <source>%n ticket(s)</source>
        <translation>
            <numerusform>%n тикет</numerusform>
            <numerusform>%n тикета</numerusform>
            <numerusform>%n тикетов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/context/customer_card.py" line="140"/>
        <source>%n open</source>
        <translation>
            <numerusform>%n открыт</numerusform>
            <numerusform>%n открыто</numerusform>
            <numerusform>%n открыто</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/context/panel.py" line="101"/>
        <source>No ticket selected</source>
        <translation>Тикет не выбран</translation>
    </message>
    <message>
        <location filename="../../ui/context/panel.py" line="104"/>
        <source>Open a ticket to see who the customer is and what else is going on.</source>
        <translation>Откройте тикет, чтобы увидеть, кто клиент и что у него ещё происходит.</translation>
    </message>
    <message>
        <location filename="../../ui/context/panel.py" line="133"/>
        <source>Email copied</source>
        <translation>Адрес скопирован</translation>
    </message>
    <message>
        <location filename="../../ui/context/panel.py" line="139"/>
        <source>Other tickets</source>
        <translation>Другие тикеты</translation>
    </message>
    <message>
        <location filename="../../ui/context/panel.py" line="140"/>
        <source>No other tickets</source>
        <translation>Других тикетов нет</translation>
    </message>
    <message>
        <location filename="../../ui/context/panel.py" line="150"/>
        <source>Links</source>
        <translation>Ссылки</translation>
    </message>
    <message>
        <location filename="../../ui/context/panel.py" line="151"/>
        <source>No links in this conversation</source>
        <translation>В переписке нет ссылок</translation>
    </message>
    <message>
        <location filename="../../ui/context/panel.py" line="157"/>
        <source>Attachments</source>
        <translation>Вложения</translation>
    </message>
    <message>
        <location filename="../../ui/context/panel.py" line="158"/>
        <source>No files in this conversation</source>
        <translation>В переписке нет файлов</translation>
    </message>
    <message>
        <location filename="../../ui/context/panel.py" line="253"/>
        <source>+%1 more</source>
        <translation>ещё %1</translation>
    </message>
    <message>
        <location filename="../../ui/context/rows.py" line="206"/>
        <source>Conversation %1</source>
        <translation>Диалог %1</translation>
    </message>
    <message>
        <location filename="../../ui/context/sections.py" line="101"/>
        <source>Show all</source>
        <translation>Показать все</translation>
    </message>
    <message>
        <location filename="../../ui/context/sections.py" line="138"/>
        <source>Show all %1</source>
        <translation>Показать все (%1)</translation>
    </message>
</context>
<context>
    <name>DeskApp</name>
    <message>
        <location filename="../../ui/app.py" line="144"/>
        <source>Desk could not start</source>
        <translation>Не удалось запустить Desk</translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <location filename="../../ui/mainwindow/statusbar/bar.py" line="71"/>
        <source>Show these tickets</source>
        <translation>Показать эти тикеты</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/mainwindow/statusbar/bar.py" line="110"/>
        <source>%n overdue</source>
        <translation>
            <numerusform>%n просроченный</numerusform>
            <numerusform>%n просроченных</numerusform>
            <numerusform>%n просроченных</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/mainwindow/statusbar/bar.py" line="112"/>
        <source>%n due within 1 h</source>
        <translation>
            <numerusform>%n истекает за час</numerusform>
            <numerusform>%n истекают за час</numerusform>
            <numerusform>%n истекают за час</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/statusbar/bar.py" line="167"/>
        <source>Click to dismiss</source>
        <translation>Нажмите, чтобы скрыть</translation>
    </message>
</context>
<context>
    <name>ElidingLabel</name>
    <message>
        <location filename="../../ui/widgets/eliding_label.py" line="111"/>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/eliding_label.py" line="116"/>
        <source>Copy selection</source>
        <translation>Копировать выделенное</translation>
    </message>
</context>
<context>
    <name>ErrorDialogs</name>
    <message>
        <location filename="../../ui/lifecycle/error_dialog.py" line="43"/>
        <source>Desk ran into a problem</source>
        <translation>В Desk произошла ошибка</translation>
    </message>
    <message>
        <location filename="../../ui/lifecycle/error_dialog.py" line="51"/>
        <source>Your drafts and unsent replies are kept. The details were written to the log file {0}; please include it when you report the problem.</source>
        <translation>Ваши черновики и неотправленные ответы сохранены. Подробности записаны в файл журнала {0}; приложите его, когда будете сообщать о проблеме.</translation>
    </message>
    <message>
        <location filename="../../ui/lifecycle/error_dialog.py" line="56"/>
        <source>Open log folder</source>
        <translation>Открыть папку с журналами</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../ui/error_text.py" line="24"/>
        <source>The email or password is not correct.</source>
        <translation>Неверный адрес почты или пароль.</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="27"/>
        <source>Your session has expired. Please sign in again.</source>
        <translation>Сеанс истёк. Войдите снова.</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="30"/>
        <source>You do not have permission to do that.</source>
        <translation>У вас нет прав на это действие.</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="33"/>
        <source>This item no longer exists, or you cannot see it.</source>
        <translation>Этого больше нет, или у вас нет доступа.</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="36"/>
        <source>This ticket is closed; the customer has to open a new one.</source>
        <translation>Тикет закрыт: клиенту нужно открыть новый.</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="39"/>
        <source>This message was already sent with different content; it was not sent again.</source>
        <translation>Это сообщение уже отправлено с другим текстом; повторно оно не отправлено.</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="42"/>
        <source>Someone else changed this ticket; it was reloaded.</source>
        <translation>Тикет изменил кто-то другой; он загружен заново.</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="45"/>
        <source>The file is too large to attach (the limit is 25 MiB).</source>
        <translation>Файл слишком большой (не более 25 МБ).</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="48"/>
        <source>This kind of file cannot be attached. Use an image, a PDF, a text file or a ZIP.</source>
        <translation>Такой файл прикрепить нельзя. Подойдут изображение, PDF, текстовый файл или ZIP.</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="52"/>
        <source>The server did not accept the data that was sent.</source>
        <translation>Сервер не принял отправленные данные.</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="55"/>
        <source>Too many requests. Please wait a moment and try again.</source>
        <translation>Слишком много запросов. Подождите немного и повторите.</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="58"/>
        <source>The server ran into a problem. Please try again in a moment.</source>
        <translation>На сервере произошла ошибка. Повторите чуть позже.</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="61"/>
        <source>Cannot reach the server. Check the network connection.</source>
        <translation>Нет связи с сервером. Проверьте подключение к сети.</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="64"/>
        <source>The server sent a response Desk could not understand.</source>
        <translation>Сервер прислал ответ, который Desk не может разобрать.</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="74"/>
        <source>Ticket #{0} was changed by someone else meanwhile ({1}). It has been reloaded; check it and try again.</source>
        <translation>Тикет #{0} тем временем изменил кто-то другой ({1}). Он загружен заново — проверьте и повторите.</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="80"/>
        <source>{0} is a customer account. Desk is for support staff: sign in with an agent or admin account.</source>
        <translation>{0} — учётная запись клиента. Desk предназначен для поддержки: войдите как агент или администратор.</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="92"/>
        <source>The server did not accept the data: {0}</source>
        <translation>Сервер не принял данные: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="106"/>
        <source>The server refused the request.</source>
        <translation>Сервер отклонил запрос.</translation>
    </message>
    <message>
        <location filename="../../ui/tasks.py" line="36"/>
        <source>A file or network operation failed: {0}</source>
        <translation>Ошибка при работе с файлом или сетью: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/tasks.py" line="39"/>
        <source>Something went wrong ({0}). The details are in the log.</source>
        <translation>Что-то пошло не так ({0}). Подробности — в журнале.</translation>
    </message>
    <message>
        <location filename="../../ui/error_text.py" line="86"/>
        <source>This account is already open in another Desk window. Switch to that window, or quit it and start Desk again.</source>
        <translation>Эта учётная запись уже открыта в другом окне Desk. Перейдите в то окно или закройте его и запустите Desk снова.</translation>
    </message>
</context>
<context>
    <name>FileChip</name>
    <message>
        <location filename="../../ui/widgets/file_chip.py" line="48"/>
        <location filename="../../ui/widgets/file_chip.py" line="49"/>
        <source>Remove {0}</source>
        <translation>Убрать {0}</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <location filename="../../ui/chat/image_viewer.py" line="75"/>
        <source>Loading image…</source>
        <translation>Загрузка изображения…</translation>
    </message>
    <message>
        <location filename="../../ui/chat/image_viewer.py" line="88"/>
        <source>{0} × {1} px</source>
        <translation>{0} × {1} пикс.</translation>
    </message>
    <message>
        <location filename="../../ui/chat/image_viewer.py" line="129"/>
        <source>Image copied to the clipboard</source>
        <translation>Изображение скопировано в буфер обмена</translation>
    </message>
    <message>
        <location filename="../../ui/chat/image_viewer.py" line="133"/>
        <source>Save image</source>
        <translation>Сохранить изображение</translation>
    </message>
    <message>
        <location filename="../../ui/chat/image_viewer.py" line="152"/>
        <source>Could not save {0}: unknown image format</source>
        <translation>Не удалось сохранить {0}: неизвестный формат изображения</translation>
    </message>
    <message>
        <location filename="../../ui/chat/image_viewer.py" line="157"/>
        <source>Could not save {0}: {1}</source>
        <translation>Не удалось сохранить {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/chat/image_viewer.py" line="160"/>
        <source>Saved {0}</source>
        <translation>Сохранено: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/chat/image_viewer.py" line="167"/>
        <source>Image</source>
        <translation>Изображение</translation>
    </message>
    <message>
        <location filename="../../ui/chat/image_viewer.py" line="189"/>
        <location filename="../../ui/chat/image_viewer.py" line="234"/>
        <source>Zoom out</source>
        <translation>Уменьшить</translation>
    </message>
    <message>
        <location filename="../../ui/chat/image_viewer.py" line="193"/>
        <location filename="../../ui/chat/image_viewer.py" line="268"/>
        <source>Fit · {0}</source>
        <translation>Вписать · {0}</translation>
    </message>
    <message>
        <location filename="../../ui/chat/image_viewer.py" line="196"/>
        <source>Zoom level</source>
        <translation>Масштаб</translation>
    </message>
    <message>
        <location filename="../../ui/chat/image_viewer.py" line="199"/>
        <location filename="../../ui/chat/image_viewer.py" line="235"/>
        <source>Zoom in</source>
        <translation>Увеличить</translation>
    </message>
    <message>
        <location filename="../../ui/chat/image_viewer.py" line="204"/>
        <location filename="../../ui/chat/image_viewer.py" line="236"/>
        <source>Actual size</source>
        <translation>Исходный размер</translation>
    </message>
    <message>
        <location filename="../../ui/chat/image_viewer.py" line="207"/>
        <source>Fit</source>
        <translation>Вписать</translation>
    </message>
    <message>
        <location filename="../../ui/chat/image_viewer.py" line="207"/>
        <source>Fit to window</source>
        <translation>Вписать в окно</translation>
    </message>
    <message>
        <location filename="../../ui/chat/image_viewer.py" line="210"/>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <location filename="../../ui/chat/image_viewer.py" line="210"/>
        <source>Copy the image</source>
        <translation>Копировать изображение</translation>
    </message>
    <message>
        <location filename="../../ui/chat/image_viewer.py" line="213"/>
        <source>Save as…</source>
        <translation>Сохранить как…</translation>
    </message>
    <message>
        <location filename="../../ui/chat/image_viewer.py" line="214"/>
        <source>Save the image</source>
        <translation>Сохранить изображение</translation>
    </message>
    <message>
        <location filename="../../ui/chat/image_viewer.py" line="219"/>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
</context>
<context>
    <name>LineEdit</name>
    <message>
        <location filename="../../ui/widgets/clear_button.py" line="12"/>
        <source>Clear</source>
        <translation>Очистить</translation>
    </message>
</context>
<context>
    <name>MacroForm</name>
    <message>
        <location filename="../../ui/macros/form.py" line="34"/>
        <source>the customer&apos;s name, e.g. Anna Petrova</source>
        <translation>имя клиента, например Анна Петрова</translation>
    </message>
    <message>
        <location filename="../../ui/macros/form.py" line="35"/>
        <source>the customer&apos;s first name, e.g. Anna</source>
        <translation>имя клиента без фамилии, например Анна</translation>
    </message>
    <message>
        <location filename="../../ui/macros/form.py" line="36"/>
        <source>the name of the agent who sends the reply</source>
        <translation>имя сотрудника, который отправляет ответ</translation>
    </message>
    <message>
        <location filename="../../ui/macros/form.py" line="37"/>
        <source>the ticket number, e.g. 4217</source>
        <translation>номер тикета, например 4217</translation>
    </message>
    <message>
        <location filename="../../ui/macros/form.py" line="49"/>
        <location filename="../../ui/macros/form.py" line="67"/>
        <source>Title</source>
        <translation>Название</translation>
    </message>
    <message>
        <location filename="../../ui/macros/form.py" line="51"/>
        <source>A short name agents search for, e.g. Refund policy</source>
        <translation>Короткое название для поиска, например «Возврат средств»</translation>
    </message>
    <message>
        <location filename="../../ui/macros/form.py" line="55"/>
        <location filename="../../ui/macros/form.py" line="70"/>
        <source>Reply text</source>
        <translation>Текст ответа</translation>
    </message>
    <message>
        <location filename="../../ui/macros/form.py" line="59"/>
        <source>Hello {{customer.first_name}}, …</source>
        <translation>Здравствуйте, {{customer.first_name}}! …</translation>
    </message>
    <message>
        <location filename="../../ui/macros/form.py" line="92"/>
        <source>Insert at the cursor</source>
        <translation>Вставить в позицию курсора</translation>
    </message>
    <message>
        <location filename="../../ui/macros/form.py" line="156"/>
        <source>Placeholders — click one to insert it; each is filled in for the ticket:</source>
        <translation>Подстановки — нажмите, чтобы вставить; каждая заполняется данными тикета:</translation>
    </message>
    <message>
        <location filename="../../ui/macros/form.py" line="161"/>
        <source>Placeholders, filled in when a reply is inserted:</source>
        <translation>Подстановки, которые заполняются при вставке ответа:</translation>
    </message>
    <message>
        <location filename="../../ui/macros/form.py" line="190"/>
        <source>Give the canned reply a title.</source>
        <translation>Дайте шаблону название.</translation>
    </message>
    <message>
        <location filename="../../ui/macros/form.py" line="193"/>
        <source>The title is too long: {0} characters, at most {1}.</source>
        <translation>Название слишком длинное: {0} симв., можно не больше {1}.</translation>
    </message>
    <message>
        <location filename="../../ui/macros/form.py" line="198"/>
        <source>Write the text of the reply.</source>
        <translation>Напишите текст ответа.</translation>
    </message>
    <message>
        <location filename="../../ui/macros/form.py" line="201"/>
        <source>The reply is too long: {0} characters, at most {1}.</source>
        <translation>Ответ слишком длинный: {0} симв., можно не больше {1}.</translation>
    </message>
    <message>
        <location filename="../../ui/macros/form.py" line="236"/>
        <source>Desk does not know {0}: it will be sent exactly as written.</source>
        <translation>Desk не знает {0}: это будет отправлено как есть.</translation>
    </message>
</context>
<context>
    <name>MacroPicker</name>
    <message>
        <location filename="../../ui/macros/picker.py" line="66"/>
        <location filename="../../ui/macros/picker.py" line="79"/>
        <location filename="../../ui/macros/picker.py" line="84"/>
        <source>Canned replies</source>
        <translation>Шаблоны ответов</translation>
    </message>
    <message>
        <location filename="../../ui/macros/picker.py" line="176"/>
        <source>Check the reply: Desk could not fill {0}.</source>
        <translation>Проверьте ответ: Desk не смог подставить {0}.</translation>
    </message>
    <message>
        <location filename="../../ui/macros/picker.py" line="259"/>
        <source>↑↓ choose · Enter insert · Esc close</source>
        <translation>↑↓ выбор · Enter — вставить · Esc — закрыть</translation>
    </message>
    <message>
        <location filename="../../ui/macros/picker.py" line="259"/>
        <source>Esc close</source>
        <translation>Esc — закрыть</translation>
    </message>
    <message>
        <location filename="../../ui/macros/picker.py" line="273"/>
        <location filename="../../ui/macros/picker.py" line="277"/>
        <source>Loading canned replies…</source>
        <translation>Загрузка шаблонов…</translation>
    </message>
    <message>
        <location filename="../../ui/macros/picker.py" line="275"/>
        <source>Canned replies could not be loaded.</source>
        <translation>Не удалось загрузить шаблоны ответов.</translation>
    </message>
    <message>
        <location filename="../../ui/macros/picker.py" line="278"/>
        <source>No canned replies yet. An admin can add them in Canned replies…</source>
        <translation>Шаблонов пока нет. Администратор может добавить их в разделе «Шаблоны ответов…»</translation>
    </message>
    <message>
        <location filename="../../ui/macros/picker.py" line="279"/>
        <source>No canned replies match</source>
        <translation>Подходящих шаблонов нет</translation>
    </message>
</context>
<context>
    <name>MacrosDialog</name>
    <message>
        <location filename="../../ui/macros/confirm_bar.py" line="29"/>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <location filename="../../ui/macros/confirm_bar.py" line="31"/>
        <source>Keep it</source>
        <translation>Оставить</translation>
    </message>
    <message>
        <location filename="../../ui/macros/list_column.py" line="40"/>
        <source>Search canned replies</source>
        <translation>Поиск шаблонов</translation>
    </message>
    <message>
        <location filename="../../ui/macros/list_column.py" line="49"/>
        <location filename="../../ui/macros/manage_dialog.py" line="60"/>
        <source>Canned replies</source>
        <translation>Шаблоны ответов</translation>
    </message>
    <message>
        <location filename="../../ui/macros/list_column.py" line="54"/>
        <source>New reply</source>
        <translation>Новый шаблон</translation>
    </message>
    <message>
        <location filename="../../ui/macros/manage_dialog.py" line="77"/>
        <source>Only admins can add or change canned replies. To use one, press Ctrl+M in the reply box or type / at the start of a line.</source>
        <translation>Добавлять и менять шаблоны могут только администраторы. Чтобы вставить шаблон, нажмите Ctrl+M в поле ответа или введите / в начале строки.</translation>
    </message>
    <message>
        <location filename="../../ui/macros/manage_dialog.py" line="99"/>
        <source>Delete…</source>
        <translation>Удалить…</translation>
    </message>
    <message>
        <location filename="../../ui/macros/manage_dialog.py" line="100"/>
        <source>Discard changes</source>
        <translation>Отменить изменения</translation>
    </message>
    <message>
        <location filename="../../ui/macros/manage_dialog.py" line="101"/>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <location filename="../../ui/macros/manage_dialog.py" line="102"/>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <location filename="../../ui/macros/manage_dialog.py" line="214"/>
        <source>No canned replies match</source>
        <translation>Подходящих шаблонов нет</translation>
    </message>
    <message>
        <location filename="../../ui/macros/manage_dialog.py" line="216"/>
        <source>Loading canned replies…</source>
        <translation>Загрузка шаблонов…</translation>
    </message>
    <message>
        <location filename="../../ui/macros/manage_dialog.py" line="218"/>
        <source>No canned replies yet.
Add the first one with New reply.</source>
        <translation>Шаблонов пока нет.
Добавьте первый кнопкой «Новый шаблон».</translation>
    </message>
    <message>
        <location filename="../../ui/macros/manage_dialog.py" line="220"/>
        <source>No canned replies yet.</source>
        <translation>Шаблонов пока нет.</translation>
    </message>
    <message>
        <location filename="../../ui/macros/manage_dialog.py" line="242"/>
        <location filename="../../ui/macros/manage_dialog.py" line="282"/>
        <source>Save or discard your changes first.</source>
        <translation>Сначала сохраните или отмените изменения.</translation>
    </message>
    <message>
        <location filename="../../ui/macros/manage_dialog.py" line="302"/>
        <source>Delete “{0}”? Nobody will be able to insert it any more.</source>
        <translation>Удалить «{0}»? Вставить этот шаблон больше никто не сможет.</translation>
    </message>
    <message>
        <location filename="../../ui/macros/manage_dialog.py" line="310"/>
        <source>Could not load canned replies: {0}</source>
        <translation>Не удалось загрузить шаблоны: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/macros/manage_dialog.py" line="324"/>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <location filename="../../ui/macros/manage_dialog.py" line="340"/>
        <source>Someone deleted this canned reply meanwhile. Save to add it again.</source>
        <translation>Кто-то уже удалил этот шаблон. Сохраните, чтобы добавить его снова.</translation>
    </message>
    <message>
        <location filename="../../ui/macros/manage_dialog.py" line="353"/>
        <source>Saved</source>
        <translation>Сохранено</translation>
    </message>
    <message>
        <location filename="../../ui/macros/manage_dialog.py" line="361"/>
        <source>Deleting…</source>
        <translation>Удаление…</translation>
    </message>
    <message>
        <location filename="../../ui/macros/manage_dialog.py" line="377"/>
        <source>Deleted</source>
        <translation>Удалено</translation>
    </message>
    <message>
        <location filename="../../ui/macros/manage_dialog.py" line="382"/>
        <source>Only admins can change canned replies.</source>
        <translation>Менять шаблоны могут только администраторы.</translation>
    </message>
    <message>
        <location filename="../../ui/macros/manage_dialog.py" line="403"/>
        <source>This reply has unsaved changes. Close again to discard them.</source>
        <translation>В шаблоне есть несохранённые изменения. Закройте ещё раз, чтобы их отменить.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/mainwindow/panels.py" line="66"/>
        <source>Customer details panel</source>
        <translation>Панель клиента</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/window.py" line="201"/>
        <source>Your session has expired. Sign in again to carry on.</source>
        <translation>Сеанс истёк. Войдите снова, чтобы продолжить.</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/window.py" line="211"/>
        <source>You are signed out. Replies wait in the outbox; click “Signed out” in the status bar (or File › Sign in again…) to sign in.</source>
        <translation>Сеанс завершён. Ответы ждут в очереди на отправку; нажмите «Сеанс истёк» в строке состояния (или Файл › Войти снова…), чтобы войти.</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/window.py" line="256"/>
        <source>More menus</source>
        <translation>Другие меню</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/window.py" line="267"/>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/window.py" line="268"/>
        <source>Sign &amp;in again…</source>
        <translation>Войти &amp;снова…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/window.py" line="272"/>
        <source>Sign &amp;out</source>
        <translation>&amp;Выйти из аккаунта</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/window.py" line="277"/>
        <source>&amp;Ticket</source>
        <translation>&amp;Тикет</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/window.py" line="289"/>
        <source>Manage canned replies…</source>
        <translation>Шаблоны ответов…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/window.py" line="292"/>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/window.py" line="307"/>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/window.py" line="311"/>
        <source>&amp;About Desk</source>
        <translation>&amp;О программе Desk</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/window.py" line="325"/>
        <source>About Desk</source>
        <translation>О программе Desk</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/window.py" line="326"/>
        <source>Desk {0}
The helpdesk client for support staff.
Signed in to {1}.</source>
        <translation>Desk {0}
Клиент службы поддержки для сотрудников.
Вход выполнен на {1}.</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/window.py" line="96"/>
        <source>{0} (demo)</source>
        <translation>{0} (демо)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/window.py" line="98"/>
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/window.py" line="308"/>
        <source>Open &amp;log folder</source>
        <translation>Открыть папку с &amp;журналами</translation>
    </message>
</context>
<context>
    <name>NewMessagesPill</name>
    <message>
        <location filename="../../ui/chat/decor.py" line="86"/>
        <source>New messages ↓</source>
        <translation>Новые сообщения ↓</translation>
    </message>
</context>
<context>
    <name>Notifications</name>
    <message>
        <location filename="../../ui/alerts/notifications.py" line="67"/>
        <source>New ticket</source>
        <translation>Новый тикет</translation>
    </message>
    <message>
        <location filename="../../ui/alerts/notifications.py" line="68"/>
        <source>Reply</source>
        <translation>Ответ клиента</translation>
    </message>
    <message>
        <location filename="../../ui/alerts/notifications.py" line="69"/>
        <source>Due soon</source>
        <translation>Скоро срок</translation>
    </message>
    <message>
        <location filename="../../ui/alerts/notifications.py" line="70"/>
        <source>Overdue</source>
        <translation>Просрочено</translation>
    </message>
    <message>
        <location filename="../../ui/alerts/notifications.py" line="78"/>
        <source>Desk: urgent tickets</source>
        <translation>Desk: срочные тикеты</translation>
    </message>
    <message>
        <location filename="../../ui/alerts/notifications.py" line="81"/>
        <source>URGENT</source>
        <translation>СРОЧНО</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/alerts/notifications.py" line="90"/>
        <source>%n new ticket(s)</source>
        <translation>
            <numerusform>%n новый тикет</numerusform>
            <numerusform>%n новых тикета</numerusform>
            <numerusform>%n новых тикетов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/alerts/notifications.py" line="92"/>
        <source>%n new customer message(s)</source>
        <translation>
            <numerusform>%n новое сообщение клиента</numerusform>
            <numerusform>%n новых сообщения клиентов</numerusform>
            <numerusform>%n новых сообщений клиентов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/alerts/notifications.py" line="94"/>
        <source>%n ticket(s) due soon</source>
        <translation>
            <numerusform>%n тикет скоро просрочится</numerusform>
            <numerusform>%n тикета скоро просрочатся</numerusform>
            <numerusform>%n тикетов скоро просрочатся</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/alerts/notifications.py" line="96"/>
        <source>%n ticket(s) overdue</source>
        <translation>
            <numerusform>%n тикет просрочен</numerusform>
            <numerusform>%n тикета просрочены</numerusform>
            <numerusform>%n тикетов просрочено</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/alerts/notifications.py" line="108"/>
        <source>%1 while you were offline</source>
        <translation>%1, пока вас не было в сети</translation>
    </message>
    <message>
        <location filename="../../ui/alerts/notifications.py" line="110"/>
        <source>Still waiting: %1</source>
        <translation>Всё ещё ждут: %1</translation>
    </message>
    <message>
        <location filename="../../ui/alerts/notifications.py" line="122"/>
        <source>Reply overdue by %1</source>
        <translation>Ответ просрочен на %1</translation>
    </message>
    <message>
        <location filename="../../ui/alerts/notifications.py" line="129"/>
        <source>Reply due in %1 of business time</source>
        <translation>Ответить в течение %1 рабочего времени</translation>
    </message>
    <message>
        <location filename="../../ui/alerts/notifications.py" line="131"/>
        <source>Reply due in %1</source>
        <translation>Ответить в течение %1</translation>
    </message>
    <message>
        <location filename="../../ui/alerts/notifications.py" line="140"/>
        <source>Still waiting (reminder %1)</source>
        <translation>Всё ещё ждёт ответа (напоминание %1)</translation>
    </message>
    <message>
        <location filename="../../ui/alerts/notifications.py" line="313"/>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <location filename="../../ui/alerts/notifications.py" line="315"/>
        <source>Assign to me</source>
        <translation>Взять себе</translation>
    </message>
</context>
<context>
    <name>Presence</name>
    <message>
        <location filename="../../ui/collab/presence_chips.py" line="47"/>
        <source>{0} typing…</source>
        <translation>{0} печатает…</translation>
    </message>
    <message>
        <location filename="../../ui/collab/presence_chips.py" line="49"/>
        <source>{0} viewing</source>
        <translation>{0} смотрит</translation>
    </message>
    <message>
        <location filename="../../ui/collab/presence_chips.py" line="222"/>
        <source>+{0} more</source>
        <translation>ещё {0}</translation>
    </message>
</context>
<context>
    <name>Queue</name>
    <message>
        <location filename="../../ui/formatting.py" line="39"/>
        <source>&lt; 1 min</source>
        <translation>&lt; 1 мин</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/formatting.py" line="45"/>
        <location filename="../../ui/formatting.py" line="47"/>
        <location filename="../../ui/formatting.py" line="53"/>
        <location filename="../../ui/formatting.py" line="64"/>
        <source>%n h</source>
        <translation>
            <numerusform>%n ч</numerusform>
            <numerusform>%n ч</numerusform>
            <numerusform>%n ч</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/formatting.py" line="41"/>
        <location filename="../../ui/formatting.py" line="47"/>
        <source>%n min</source>
        <translation>
            <numerusform>%n мин</numerusform>
            <numerusform>%n мин</numerusform>
            <numerusform>%n мин</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/formatting.py" line="52"/>
        <location filename="../../ui/formatting.py" line="53"/>
        <location filename="../../ui/formatting.py" line="62"/>
        <source>%n d</source>
        <translation>
            <numerusform>%n дн.</numerusform>
            <numerusform>%n дн.</numerusform>
            <numerusform>%n дн.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="67"/>
        <source>overdue %1</source>
        <translation>просрочено на %1</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="75"/>
        <source>just now</source>
        <translation>только что</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="113"/>
        <source>Reply due %1 Moscow time</source>
        <translation>Ответить до %1 по Москве</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="115"/>
        <source>%1 your time</source>
        <translation>%1 по вашему времени</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="130"/>
        <source>by %1</source>
        <translation>до %1</translation>
    </message>
    <message>
        <location filename="../../ui/queue/columns.py" line="70"/>
        <source>!</source>
        <translation>!</translation>
    </message>
    <message>
        <location filename="../../ui/queue/columns.py" line="71"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../../ui/queue/columns.py" line="72"/>
        <source>Ticket</source>
        <translation>Тикет</translation>
    </message>
    <message>
        <location filename="../../ui/queue/columns.py" line="73"/>
        <source>Customer</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <location filename="../../ui/queue/columns.py" line="74"/>
        <source>Deadline</source>
        <translation>Срок</translation>
    </message>
    <message>
        <location filename="../../ui/queue/columns.py" line="75"/>
        <source>Activity</source>
        <translation>Активность</translation>
    </message>
    <message>
        <location filename="../../ui/queue/columns.py" line="76"/>
        <source>Created</source>
        <translation>Создан</translation>
    </message>
    <message>
        <location filename="../../ui/queue/columns.py" line="77"/>
        <source>Assignee</source>
        <translation>Исполнитель</translation>
    </message>
    <message>
        <location filename="../../ui/queue/columns.py" line="85"/>
        <source>Priority</source>
        <translation>Приоритет</translation>
    </message>
    <message>
        <location filename="../../ui/queue/columns.py" line="94"/>
        <source>Priority: the default queue order</source>
        <translation>Приоритет: порядок очереди по умолчанию</translation>
    </message>
    <message>
        <location filename="../../ui/queue/columns.py" line="87"/>
        <location filename="../../ui/queue/columns.py" line="95"/>
        <source>Ticket number</source>
        <translation>Номер тикета</translation>
    </message>
    <message>
        <location filename="../../ui/queue/columns.py" line="96"/>
        <source>Title and who owes the next reply</source>
        <translation>Тема и за кем следующий ответ</translation>
    </message>
    <message>
        <location filename="../../ui/queue/columns.py" line="97"/>
        <source>Customer and company</source>
        <translation>Клиент и компания</translation>
    </message>
    <message>
        <location filename="../../ui/queue/columns.py" line="98"/>
        <source>Time left to reply (service level)</source>
        <translation>Сколько осталось до ответа по SLA</translation>
    </message>
    <message>
        <location filename="../../ui/queue/columns.py" line="99"/>
        <source>Last message</source>
        <translation>Последнее сообщение</translation>
    </message>
    <message>
        <location filename="../../ui/queue/columns.py" line="100"/>
        <source>When the ticket was opened</source>
        <translation>Когда создан тикет</translation>
    </message>
    <message>
        <location filename="../../ui/queue/columns.py" line="101"/>
        <source>Agent in charge</source>
        <translation>Ответственный сотрудник</translation>
    </message>
    <message>
        <location filename="../../ui/queue/filter_bar.py" line="36"/>
        <source>Needs reply</source>
        <translation>Ждёт ответа</translation>
    </message>
    <message>
        <location filename="../../ui/queue/filter_bar.py" line="37"/>
        <source>Mine</source>
        <translation>Мои</translation>
    </message>
    <message>
        <location filename="../../ui/queue/filter_bar.py" line="38"/>
        <source>Unassigned</source>
        <comment>view tab: tickets with no assignee</comment>
        <translation>Свободные</translation>
    </message>
    <message>
        <location filename="../../ui/queue/filter_bar.py" line="39"/>
        <source>All open</source>
        <translation>Открытые</translation>
    </message>
    <message>
        <location filename="../../ui/queue/filter_bar.py" line="40"/>
        <source>Breaching</source>
        <translation>Горят</translation>
    </message>
    <message>
        <location filename="../../ui/queue/filter_bar.py" line="41"/>
        <source>All</source>
        <translation>Все</translation>
    </message>
    <message>
        <location filename="../../ui/queue/filter_bar.py" line="48"/>
        <source>All statuses</source>
        <translation>Все статусы</translation>
    </message>
    <message>
        <location filename="../../ui/queue/filter_bar.py" line="77"/>
        <source>Search titles, customers, #number…</source>
        <translation>Поиск по теме, клиенту, #номеру…</translation>
    </message>
    <message>
        <location filename="../../ui/queue/filter_bar.py" line="80"/>
        <source>Search tickets</source>
        <translation>Поиск тикетов</translation>
    </message>
    <message>
        <location filename="../../ui/queue/filter_bar.py" line="85"/>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location filename="../../ui/queue/filter_bar.py" line="97"/>
        <source>Views</source>
        <translation>Разделы</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/queue/labels.py" line="31"/>
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n сообщение</numerusform>
            <numerusform>%n сообщения</numerusform>
            <numerusform>%n сообщений</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/queue/labels.py" line="35"/>
        <source>%n unread message(s)</source>
        <translation>
            <numerusform>%n непрочитанное сообщение</numerusform>
            <numerusform>%n непрочитанных сообщения</numerusform>
            <numerusform>%n непрочитанных сообщений</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/queue/labels.py" line="39"/>
        <source>99+</source>
        <translation>99+</translation>
    </message>
    <message>
        <location filename="../../ui/queue/labels.py" line="79"/>
        <source>URGENT: %1</source>
        <translation>СРОЧНО: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/queue/labels.py" line="83"/>
        <source>%n unread</source>
        <translation>
            <numerusform>%n непрочитанное</numerusform>
            <numerusform>%n непрочитанных</numerusform>
            <numerusform>%n непрочитанных</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/queue/labels.py" line="86"/>
        <source>reply deadline: %1</source>
        <translation>срок ответа: %1</translation>
    </message>
    <message>
        <location filename="../../ui/queue/labels.py" line="88"/>
        <source>reply due in %1</source>
        <translation>ответить в течение %1</translation>
    </message>
    <message>
        <location filename="../../ui/queue/labels.py" line="120"/>
        <source>No tickets match “%1”</source>
        <translation>Нет тикетов по запросу «%1»</translation>
    </message>
    <message>
        <location filename="../../ui/queue/labels.py" line="122"/>
        <source>No done tickets here</source>
        <translation>Закрытых тикетов здесь нет</translation>
    </message>
    <message>
        <location filename="../../ui/queue/labels.py" line="124"/>
        <source>Nothing needs a reply — nice work</source>
        <translation>Ответа никто не ждёт — отличная работа</translation>
    </message>
    <message>
        <location filename="../../ui/queue/labels.py" line="125"/>
        <source>No open tickets assigned to you</source>
        <translation>На вас нет открытых тикетов</translation>
    </message>
    <message>
        <location filename="../../ui/queue/labels.py" line="126"/>
        <source>Every open ticket has an owner</source>
        <translation>У всех открытых тикетов есть исполнитель</translation>
    </message>
    <message>
        <location filename="../../ui/queue/labels.py" line="127"/>
        <source>No open tickets — inbox zero</source>
        <translation>Открытых тикетов нет — всё разобрано</translation>
    </message>
    <message>
        <location filename="../../ui/queue/labels.py" line="128"/>
        <source>No deadlines at risk</source>
        <translation>Горящих сроков нет</translation>
    </message>
    <message>
        <location filename="../../ui/queue/labels.py" line="129"/>
        <source>No tickets yet</source>
        <translation>Тикетов пока нет</translation>
    </message>
    <message>
        <location filename="../../ui/queue/labels.py" line="135"/>
        <source>Search looks at titles, customer names and companies; #123 finds ticket 123.</source>
        <translation>Поиск идёт по теме, имени клиента и компании; #123 найдёт тикет 123.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/formatting.py" line="77"/>
        <source>%n min ago</source>
        <translation>
            <numerusform>%n мин назад</numerusform>
            <numerusform>%n мин назад</numerusform>
            <numerusform>%n мин назад</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/formatting.py" line="79"/>
        <source>%n h ago</source>
        <translation>
            <numerusform>%n ч назад</numerusform>
            <numerusform>%n ч назад</numerusform>
            <numerusform>%n ч назад</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/formatting.py" line="81"/>
        <source>%n d ago</source>
        <translation>
            <numerusform>%n день назад</numerusform>
            <numerusform>%n дня назад</numerusform>
            <numerusform>%n дней назад</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings/dialog.py" line="67"/>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="77"/>
        <source>Alerts</source>
        <translation>Оповещения</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="79"/>
        <source>Show desktop notifications</source>
        <translation>Показывать уведомления на рабочем столе</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="82"/>
        <source>Play a sound for urgent and critical tickets</source>
        <translation>Звуковой сигнал для срочных и критических тикетов</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="87"/>
        <source>Automatic: outside business hours</source>
        <translation>Автоматически: в нерабочее время</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="88"/>
        <source>On</source>
        <translation>Включено</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="89"/>
        <source>Off</source>
        <translation>Выключено</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="94"/>
        <source>every </source>
        <translation>раз в </translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="95"/>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="98"/>
        <source>On call, only urgent and critical tickets and missed deadlines alert, and urgent ones repeat until someone opens the ticket.</source>
        <translation>На дежурстве оповещают только срочные и критические тикеты и пропущенные сроки; оповещения о срочных повторяются, пока кто-нибудь не откроет тикет.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="109"/>
        <source>On-call mode:</source>
        <translation>Дежурство:</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="110"/>
        <source>Repeat urgent alerts:</source>
        <translation>Повтор срочных оповещений:</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="113"/>
        <source>Appearance</source>
        <translation>Оформление</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="117"/>
        <source>Same as the system</source>
        <translation>Как в системе</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="118"/>
        <source>Light</source>
        <translation>Светлая</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="119"/>
        <source>Dark</source>
        <translation>Тёмная</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="123"/>
        <source>Show business hours in the status bar</source>
        <translation>Показывать рабочее время в строке состояния</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="125"/>
        <source>Theme:</source>
        <translation>Тема:</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="128"/>
        <source>Start-up</source>
        <translation>Запуск</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="130"/>
        <source>Start minimised to the tray</source>
        <translation>Запускать свёрнутым в трей</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <location filename="../../ui/shortcuts/table.py" line="62"/>
        <source>Navigation</source>
        <translation>Навигация</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts/table.py" line="63"/>
        <source>Ticket</source>
        <translation>Тикет</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts/table.py" line="64"/>
        <source>Composer</source>
        <translation>Редактор ответа</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts/table.py" line="65"/>
        <source>Application</source>
        <translation>Приложение</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts/table.py" line="123"/>
        <source>Switch to queue view {0}</source>
        <translation>Перейти к разделу очереди {0}</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts/table.py" line="127"/>
        <source>Search tickets</source>
        <translation>Поиск тикетов</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts/table.py" line="132"/>
        <source>Next ticket</source>
        <translation>Следующий тикет</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts/table.py" line="139"/>
        <source>Previous ticket</source>
        <translation>Предыдущий тикет</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts/table.py" line="146"/>
        <source>Open the selected ticket</source>
        <translation>Открыть выбранный тикет</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts/table.py" line="150"/>
        <source>Back to the queue</source>
        <translation>Назад к очереди</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts/table.py" line="154"/>
        <source>Reply to the customer</source>
        <translation>Ответить клиенту</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts/table.py" line="159"/>
        <source>Write an internal note</source>
        <translation>Написать внутреннюю заметку</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts/table.py" line="165"/>
        <source>Assign the ticket to me</source>
        <translation>Взять тикет себе</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts/table.py" line="171"/>
        <source>Close the ticket (asks first)</source>
        <translation>Закрыть тикет (с подтверждением)</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts/table.py" line="177"/>
        <source>Send the reply or note</source>
        <translation>Отправить ответ или заметку</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts/table.py" line="184"/>
        <source>Insert a canned reply</source>
        <translation>Вставить шаблон ответа</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts/table.py" line="191"/>
        <source>Show keyboard shortcuts</source>
        <translation>Показать сочетания клавиш</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts/table.py" line="195"/>
        <source>Open settings</source>
        <translation>Открыть настройки</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts/table.py" line="197"/>
        <source>Quit Desk</source>
        <translation>Выйти из Desk</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../ui/shortcuts/dialog.py" line="89"/>
        <source>Keyboard shortcuts</source>
        <translation>Сочетания клавиш</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts/dialog.py" line="95"/>
        <source>Filter shortcuts</source>
        <translation>Найти сочетание</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts/dialog.py" line="101"/>
        <source>Action</source>
        <translation>Действие</translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts/dialog.py" line="101"/>
        <source>Keys</source>
        <translation>Клавиши</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../ui/sign_in.py" line="62"/>
        <source>Sign in to Desk</source>
        <translation>Вход в Desk</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="68"/>
        <source>Use your support team account.</source>
        <translation>Используйте учётную запись службы поддержки.</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="81"/>
        <source>name@company.com</source>
        <translation>name@company.ru</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="85"/>
        <source>Remember me on this computer</source>
        <translation>Запомнить меня на этом компьютере</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="113"/>
        <source>&amp;Server</source>
        <translation>&amp;Сервер</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="114"/>
        <source>&amp;Email</source>
        <translation>&amp;Эл. почта</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="115"/>
        <source>&amp;Password</source>
        <translation>&amp;Пароль</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="131"/>
        <location filename="../../ui/sign_in.py" line="198"/>
        <source>Sign in</source>
        <translation>Войти</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="173"/>
        <source>Your session has expired. Sign in again to carry on: replies waiting to be sent and your drafts are kept.</source>
        <translation>Сеанс истёк. Войдите снова, чтобы продолжить: неотправленные ответы и черновики сохранены.</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="198"/>
        <source>Signing in…</source>
        <translation>Вход…</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="245"/>
        <source>Enter the address of your Desk server.</source>
        <translation>Введите адрес вашего сервера Desk.</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="248"/>
        <source>The server address must start with https:// (or http://), like https://desk.example.com.</source>
        <translation>Адрес сервера должен начинаться с https:// (или http://), например https://desk.example.com.</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="252"/>
        <source>Enter your email address.</source>
        <translation>Введите адрес электронной почты.</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="255"/>
        <source>Enter an email address like name@company.com.</source>
        <translation>Введите адрес электронной почты вида name@company.ru.</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="257"/>
        <source>Enter your password.</source>
        <translation>Введите пароль.</translation>
    </message>
    <message>
        <location filename="../../ui/sign_in.py" line="57"/>
        <source>Sign in</source>
        <comment>window title</comment>
        <translation>Вход</translation>
    </message>
</context>
<context>
    <name>StartingWindow</name>
    <message>
        <location filename="../../ui/launch.py" line="39"/>
        <source>Desk</source>
        <translation>Desk</translation>
    </message>
    <message>
        <location filename="../../ui/launch.py" line="42"/>
        <source>Starting the demo server…
The first start prepares demo tickets and takes a few seconds.</source>
        <translation>Запуск демо-сервера…
При первом запуске создаются демо-тикеты — это займёт несколько секунд.</translation>
    </message>
</context>
<context>
    <name>Ticket</name>
    <message>
        <location filename="../../ui/wording.py" line="16"/>
        <source>Critical</source>
        <translation>Критический</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="17"/>
        <source>High</source>
        <translation>Высокий</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="18"/>
        <source>Normal</source>
        <translation>Обычный</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="19"/>
        <source>Low</source>
        <translation>Низкий</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="25"/>
        <source>Critical issue</source>
        <translation>Критический сбой</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="26"/>
        <source>Configuration</source>
        <translation>Настройка</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="27"/>
        <source>Feature request</source>
        <translation>Запрос доработки</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="28"/>
        <source>Other</source>
        <translation>Другое</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="34"/>
        <source>Done</source>
        <translation>Закрыт</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="35"/>
        <source>On Customer</source>
        <translation>Открыт</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="41"/>
        <source>Needs reply</source>
        <translation>Ждёт ответа</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="43"/>
        <source>Awaiting customer</source>
        <translation>Ждём клиента</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="50"/>
        <source>The team owes a reply</source>
        <translation>Ждёт ответа</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="52"/>
        <source>Waiting for the customer</source>
        <translation>Ждём клиента</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="57"/>
        <source>URGENT</source>
        <translation>СРОЧНО</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="61"/>
        <source>Unassigned</source>
        <translation>Не назначен</translation>
    </message>
</context>
<context>
    <name>TicketController</name>
    <message>
        <location filename="../../ui/mainwindow/ticket_controller.py" line="176"/>
        <source>This ticket is closed and cannot be reopened. The customer can open a new one.</source>
        <translation>Тикет закрыт, открыть его снова нельзя. Клиент может создать новый.</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/ticket_controller.py" line="308"/>
        <source>This image could not be decoded.</source>
        <translation>Не удалось прочитать изображение.</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/ticket_controller.py" line="317"/>
        <source>Save attachment</source>
        <translation>Сохранить вложение</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow/ticket_controller.py" line="329"/>
        <source>Saved {0}</source>
        <translation>Сохранено: {0}</translation>
    </message>
</context>
<context>
    <name>TicketHeader</name>
    <message>
        <location filename="../../ui/header/close_confirmation.py" line="15"/>
        <source>Close ticket #{0}</source>
        <translation>Закрыть тикет #{0}</translation>
    </message>
    <message>
        <location filename="../../ui/header/close_confirmation.py" line="17"/>
        <source>Close ticket #{0}?</source>
        <translation>Закрыть тикет #{0}?</translation>
    </message>
    <message>
        <location filename="../../ui/header/close_confirmation.py" line="19"/>
        <source>Closing is final: the ticket cannot be reopened, and no one can reply to it. If the customer needs more help, they will have to open a new ticket.</source>
        <translation>Закрытие окончательное: тикет нельзя будет открыть снова, и ответить в нём никто не сможет. Если клиенту понадобится помощь, ему придётся создать новый тикет.</translation>
    </message>
    <message>
        <location filename="../../ui/header/close_confirmation.py" line="26"/>
        <source>Close ticket</source>
        <translation>Закрыть тикет</translation>
    </message>
    <message>
        <location filename="../../ui/header/header.py" line="72"/>
        <source>Closed {0}, {1}</source>
        <translation>Закрыт {0}, {1}</translation>
    </message>
    <message>
        <location filename="../../ui/header/header.py" line="109"/>
        <source>No ticket selected</source>
        <translation>Тикет не выбран</translation>
    </message>
    <message>
        <location filename="../../ui/header/header.py" line="111"/>
        <source>Choose a ticket in the queue to see it here.</source>
        <translation>Выберите тикет в очереди, чтобы увидеть его здесь.</translation>
    </message>
    <message>
        <location filename="../../ui/header/header.py" line="123"/>
        <source>Copy title</source>
        <translation>Копировать тему</translation>
    </message>
    <message>
        <location filename="../../ui/header/header.py" line="130"/>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <location filename="../../ui/header/header.py" line="133"/>
        <source>Assign to me</source>
        <translation>Взять себе</translation>
    </message>
    <message>
        <location filename="../../ui/header/header.py" line="136"/>
        <source>Close ticket…</source>
        <translation>Закрыть тикет…</translation>
    </message>
    <message>
        <location filename="../../ui/header/header.py" line="138"/>
        <source>Close the ticket for good (Ctrl+Shift+D)</source>
        <translation>Закрыть тикет окончательно (Ctrl+Shift+D)</translation>
    </message>
    <message>
        <location filename="../../ui/header/header.py" line="140"/>
        <source>This ticket is closed and cannot be reopened.</source>
        <translation>Тикет закрыт, открыть его снова нельзя.</translation>
    </message>
    <message>
        <location filename="../../ui/header/header.py" line="146"/>
        <source>URGENT</source>
        <translation>СРОЧНО</translation>
    </message>
    <message>
        <location filename="../../ui/header/header.py" line="167"/>
        <source>Priority</source>
        <translation>Приоритет</translation>
    </message>
    <message>
        <location filename="../../ui/header/header.py" line="170"/>
        <source>Category</source>
        <translation>Категория</translation>
    </message>
    <message>
        <location filename="../../ui/header/header.py" line="173"/>
        <source>Assignee</source>
        <translation>Исполнитель</translation>
    </message>
    <message>
        <location filename="../../ui/header/header.py" line="214"/>
        <source>&amp;Priority</source>
        <translation>&amp;Приоритет</translation>
    </message>
    <message>
        <location filename="../../ui/header/header.py" line="215"/>
        <source>Ca&amp;tegory</source>
        <translation>&amp;Категория</translation>
    </message>
    <message>
        <location filename="../../ui/header/header.py" line="216"/>
        <source>A&amp;ssignee</source>
        <translation>&amp;Исполнитель</translation>
    </message>
    <message>
        <location filename="../../ui/header/header.py" line="378"/>
        <source>{0} (you)</source>
        <translation>{0} (вы)</translation>
    </message>
</context>
<context>
    <name>TicketPane</name>
    <message>
        <location filename="../../ui/mainwindow/ticket_pane.py" line="26"/>
        <source>Select a ticket on the left to read the conversation.</source>
        <translation>Выберите тикет слева, чтобы прочитать переписку.</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../ui/alerts/tray.py" line="114"/>
        <source>Open Desk</source>
        <translation>Открыть Desk</translation>
    </message>
    <message>
        <location filename="../../ui/alerts/tray.py" line="115"/>
        <source>On-call mode</source>
        <translation>Режим дежурства</translation>
    </message>
    <message>
        <location filename="../../ui/alerts/tray.py" line="117"/>
        <location filename="../../ui/alerts/tray.py" line="185"/>
        <source>Do not disturb</source>
        <translation>Не беспокоить</translation>
    </message>
    <message>
        <location filename="../../ui/alerts/tray.py" line="119"/>
        <source>Quit Desk</source>
        <translation>Выйти из Desk</translation>
    </message>
    <message>
        <location filename="../../ui/alerts/tray.py" line="175"/>
        <source>No ticket needs a reply</source>
        <translation>Ответа никто не ждёт</translation>
    </message>
    <message>
        <location filename="../../ui/alerts/tray.py" line="183"/>
        <source>On call</source>
        <translation>Дежурство</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/alerts/tray.py" line="173"/>
        <source>%n waiting for a reply</source>
        <translation>
            <numerusform>%n ждёт ответа</numerusform>
            <numerusform>%n ждут ответа</numerusform>
            <numerusform>%n ждут ответа</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/alerts/tray.py" line="177"/>
        <source>%n urgent</source>
        <translation>
            <numerusform>%n срочный</numerusform>
            <numerusform>%n срочных</numerusform>
            <numerusform>%n срочных</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/alerts/tray.py" line="179"/>
        <source>%n overdue</source>
        <translation>
            <numerusform>%n просроченный</numerusform>
            <numerusform>%n просроченных</numerusform>
            <numerusform>%n просроченных</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/alerts/tray.py" line="181"/>
        <source>%n assigned to me</source>
        <translation>
            <numerusform>%n назначен мне</numerusform>
            <numerusform>%n назначено мне</numerusform>
            <numerusform>%n назначено мне</numerusform>
        </translation>
    </message>
</context>
</TS>
