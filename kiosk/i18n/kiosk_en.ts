<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="en_GB">
<context>
    <name>AccountOverlay</name>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Close my account</source>
        <translation>Close my account</translation>
    </message>
    <message>
        <source>Fees to pay: {amount}</source>
        <translation>Fees to pay: {amount}</translation>
    </message>
    <message>
        <source>Loading your account…</source>
        <translation>Loading your account…</translation>
    </message>
    <message>
        <source>Loans, holds and fees</source>
        <translation>Loans, holds and fees</translation>
    </message>
    <message>
        <source>Loans: {count}</source>
        <translation>Loans: {count}</translation>
    </message>
    <message>
        <source>My account</source>
        <translation>My account</translation>
    </message>
    <message>
        <source>Nothing is waiting for you right now.</source>
        <translation>Nothing is waiting for you right now.</translation>
    </message>
    <message>
        <source>Other holds on the way: {count}</source>
        <translation>Other holds on the way: {count}</translation>
    </message>
    <message>
        <source>Ready to pick up: {count}</source>
        <translation>Ready to pick up: {count}</translation>
    </message>
    <message>
        <source>You have no fees to pay.</source>
        <translation>You have no fees to pay.</translation>
    </message>
    <message>
        <source>You have no loans.</source>
        <translation>You have no loans.</translation>
    </message>
    <message>
        <source>{title} – at {place}</source>
        <translation>{title} – at {place}</translation>
    </message>
    <message>
        <source>{title} – at {place}, pick up by {date}</source>
        <translation>{title} – at {place}, pick up by {date}</translation>
    </message>
    <message>
        <source>{title} – due {date}</source>
        <translation>{title} – due {date}</translation>
    </message>
    <message>
        <source>{title} – pick up by {date}</source>
        <translation>{title} – pick up by {date}</translation>
    </message>
    <message>
        <source>{title} – was due {date} (late)</source>
        <translation>{title} – was due {date} (late)</translation>
    </message>
</context>
<context>
    <name>AnnouncementRow</name>
    <message>
        <source>Important</source>
        <translation>Important</translation>
    </message>
</context>
<context>
    <name>BookingScreen</name>
    <message>
        <source>An adviser helps you one to one, for free.</source>
        <translation>An adviser helps you one to one, for free.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Back to the previous question</source>
        <translation>Back to the previous question</translation>
    </message>
    <message>
        <source>Book</source>
        <translation>Book</translation>
    </message>
    <message>
        <source>Book an adviser</source>
        <translation>Book an adviser</translation>
    </message>
    <message>
        <source>Book this time</source>
        <translation>Book this time</translation>
    </message>
    <message>
        <source>Booking code</source>
        <translation>Booking code</translation>
    </message>
    <message>
        <source>Booking code: {code}</source>
        <translation>Booking code: {code}</translation>
    </message>
    <message>
        <source>Booking…</source>
        <translation>Booking…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Cancel booking</source>
        <translation>Cancel booking</translation>
    </message>
    <message>
        <source>Check the details. Then press Book.</source>
        <translation>Check the details. Then press Book.</translation>
    </message>
    <message>
        <source>Choose a start time.</source>
        <translation>Choose a start time.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Done: close the booking</source>
        <translation>Done: close the booking</translation>
    </message>
    <message>
        <source>For a reminder before the appointment.</source>
        <translation>For a reminder before the appointment.</translation>
    </message>
    <message>
        <source>From {start} to {end}</source>
        <translation>From {start} to {end}</translation>
    </message>
    <message>
        <source>In which language?</source>
        <translation>In which language?</translation>
    </message>
    <message>
        <source>In which library?</source>
        <translation>In which library?</translation>
    </message>
    <message>
        <source>Is this right?</source>
        <translation>Is this right?</translation>
    </message>
    <message>
        <source>Keep this code to cancel or change the booking.</source>
        <translation>Keep this code to cancel or change the booking.</translation>
    </message>
    <message>
        <source>Language: {language}</source>
        <translation>Language: {language}</translation>
    </message>
    <message>
        <source>Looking for free times…</source>
        <translation>Looking for free times…</translation>
    </message>
    <message>
        <source>Name: {name}</source>
        <translation>Name: {name}</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Next question</source>
        <translation>Next question</translation>
    </message>
    <message>
        <source>Phone number or e-mail</source>
        <translation>Phone number or e-mail</translation>
    </message>
    <message>
        <source>Phone number or e-mail (you can leave this empty)</source>
        <translation>Phone number or e-mail (you can leave this empty)</translation>
    </message>
    <message>
        <source>Place: {place}</source>
        <translation>Place: {place}</translation>
    </message>
    <message>
        <source>Reminder to: {contact}</source>
        <translation>Reminder to: {contact}</translation>
    </message>
    <message>
        <source>The language the adviser speaks with you.</source>
        <translation>The language the adviser speaks with you.</translation>
    </message>
    <message>
        <source>These days have free times.</source>
        <translation>These days have free times.</translation>
    </message>
    <message>
        <source>Time: {time}</source>
        <translation>Time: {time}</translation>
    </message>
    <message>
        <source>Topic: {topic}</source>
        <translation>Topic: {topic}</translation>
    </message>
    <message>
        <source>What do you need help with?</source>
        <translation>What do you need help with?</translation>
    </message>
    <message>
        <source>What time?</source>
        <translation>What time?</translation>
    </message>
    <message>
        <source>Where you meet the adviser.</source>
        <translation>Where you meet the adviser.</translation>
    </message>
    <message>
        <source>Which day?</source>
        <translation>Which day?</translation>
    </message>
    <message>
        <source>Who is coming?</source>
        <translation>Who is coming?</translation>
    </message>
    <message>
        <source>Your name and contact details are deleted after the appointment.</source>
        <translation>Your name and contact details are deleted after the appointment.</translation>
    </message>
    <message>
        <source>Your name or a nickname</source>
        <translation>Your name or a nickname</translation>
    </message>
    <message>
        <source>Your time is booked</source>
        <translation>Your time is booked</translation>
    </message>
    <message>
        <source>today, {date}</source>
        <translation>today, {date}</translation>
    </message>
    <message>
        <source>tomorrow, {date}</source>
        <translation>tomorrow, {date}</translation>
    </message>
    <message>
        <source>{day} at {start}–{end}</source>
        <translation>{day} at {start}–{end}</translation>
    </message>
    <message>
        <source>{place}. Your adviser is {name}.</source>
        <translation>{place}. Your adviser is {name}.</translation>
    </message>
</context>
<context>
    <name>ConfirmLogoutOverlay</name>
    <message>
        <source>Log out now?</source>
        <translation>Log out now?</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>No, keep using the computer</source>
        <translation>No, keep using the computer</translation>
    </message>
    <message>
        <source>Yes, log out</source>
        <translation>Yes, log out</translation>
    </message>
    <message>
        <source>Yes, log out now</source>
        <translation>Yes, log out now</translation>
    </message>
    <message>
        <source>Your files and everything else you did on this computer will be deleted.</source>
        <translation>Your files and everything else you did on this computer will be deleted.</translation>
    </message>
</context>
<context>
    <name>GuidesScreen</name>
    <message>
        <source>1 guide found.</source>
        <translation>1 guide found.</translation>
    </message>
    <message>
        <source>All guides</source>
        <translation>All guides</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Back to all guides</source>
        <translation>Back to all guides</translation>
    </message>
    <message>
        <source>Back to all guides without answering</source>
        <translation>Back to all guides without answering</translation>
    </message>
    <message>
        <source>Choose a guide, or search with a word.</source>
        <translation>Choose a guide, or search with a word.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>Clear the search</translation>
    </message>
    <message>
        <source>Close guides</source>
        <translation>Close guides</translation>
    </message>
    <message>
        <source>Close the guides</source>
        <translation>Close the guides</translation>
    </message>
    <message>
        <source>Did this guide help you?</source>
        <translation>Did this guide help you?</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Done: finish the guide</source>
        <translation>Done: finish the guide</translation>
    </message>
    <message>
        <source>For example: e-mail, bank, printing</source>
        <translation>For example: e-mail, bank, printing</translation>
    </message>
    <message>
        <source>Guides</source>
        <translation>Guides</translation>
    </message>
    <message>
        <source>Help me now</source>
        <translation>Help me now</translation>
    </message>
    <message>
        <source>Help me now: an adviser comes to this computer</source>
        <translation>Help me now: an adviser comes to this computer</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>No guides found. Try another word, or ask for help.</source>
        <translation>No guides found. Try another word, or ask for help.</translation>
    </message>
    <message>
        <source>No, the guide did not help</source>
        <translation>No, the guide did not help</translation>
    </message>
    <message>
        <source>Picture</source>
        <translation>Picture</translation>
    </message>
    <message>
        <source>Previous step</source>
        <translation>Previous step</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <translation>Read aloud</translation>
    </message>
    <message>
        <source>Read this step aloud</source>
        <translation>Read this step aloud</translation>
    </message>
    <message>
        <source>Search the guides</source>
        <translation>Search the guides</translation>
    </message>
    <message>
        <source>Search with a word</source>
        <translation>Search with a word</translation>
    </message>
    <message>
        <source>Step {number} of {total}</source>
        <translation>Step {number} of {total}</translation>
    </message>
    <message>
        <source>Thank you for your answer.</source>
        <translation>Thank you for your answer.</translation>
    </message>
    <message>
        <source>Thank you for your answer. An adviser can help you in person.</source>
        <translation>Thank you for your answer. An adviser can help you in person.</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Yes, the guide helped</source>
        <translation>Yes, the guide helped</translation>
    </message>
    <message>
        <source>You reached the end of the guide.</source>
        <translation>You reached the end of the guide.</translation>
    </message>
    <message>
        <source>{count} guides found.</source>
        <translation>{count} guides found.</translation>
    </message>
</context>
<context>
    <name>HelpPanel</name>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Cancel my help request</source>
        <translation>Cancel my help request</translation>
    </message>
    <message>
        <source>Leave the queue?</source>
        <translation>Leave the queue?</translation>
    </message>
    <message>
        <source>No, keep my number</source>
        <translation>No, keep my number</translation>
    </message>
    <message>
        <source>No, keep my place in the queue</source>
        <translation>No, keep my place in the queue</translation>
    </message>
    <message>
        <source>Print my number</source>
        <translation>Print my number</translation>
    </message>
    <message>
        <source>Print my queue number</source>
        <translation>Print my queue number</translation>
    </message>
    <message>
        <source>Yes, leave</source>
        <translation>Yes, leave</translation>
    </message>
    <message>
        <source>Yes, leave the queue</source>
        <translation>Yes, leave the queue</translation>
    </message>
    <message>
        <source>Your number</source>
        <translation>Your number</translation>
    </message>
</context>
<context>
    <name>HelpTexts</name>
    <message>
        <source>1 person is before you.</source>
        <translation>1 person is before you.</translation>
    </message>
    <message>
        <source>About {minutes} minutes.</source>
        <translation>About {minutes} minutes.</translation>
    </message>
    <message>
        <source>An adviser is coming to you now.</source>
        <translation>An adviser is coming to you now.</translation>
    </message>
    <message>
        <source>An adviser will come to this computer.</source>
        <translation>An adviser will come to this computer.</translation>
    </message>
    <message>
        <source>It will not take long.</source>
        <translation>It will not take long.</translation>
    </message>
    <message>
        <source>You are next.</source>
        <translation>You are next.</translation>
    </message>
    <message>
        <source>Your number is {number}</source>
        <translation>Your number is {number}</translation>
    </message>
    <message>
        <source>{count} people are before you.</source>
        <translation>{count} people are before you.</translation>
    </message>
    <message>
        <source>{name} is coming to you now.</source>
        <translation>{name} is coming to you now.</translation>
    </message>
</context>
<context>
    <name>HelpTopicScreen</name>
    <message>
        <source>An adviser comes to this computer. What do you need help with?</source>
        <translation>An adviser comes to this computer. What do you need help with?</translation>
    </message>
    <message>
        <source>Asking for help…</source>
        <translation>Asking for help…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Cancel: do not ask for help</source>
        <translation>Cancel: do not ask for help</translation>
    </message>
    <message>
        <source>Choosing a topic helps the adviser. You can also skip this question.</source>
        <translation>Choosing a topic helps the adviser. You can also skip this question.</translation>
    </message>
    <message>
        <source>Help me now</source>
        <translation>Help me now</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Skip</translation>
    </message>
    <message>
        <source>Skip the topic and ask for help</source>
        <translation>Skip the topic and ask for help</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Topics</translation>
    </message>
</context>
<context>
    <name>HoursPanel</name>
    <message>
        <source>Opening hours</source>
        <translation>Opening hours</translation>
    </message>
</context>
<context>
    <name>IdleScreen</name>
    <message>
        <source>Tap your phone or scan your library card</source>
        <translation>Tap your phone or scan your library card</translation>
    </message>
    <message>
        <source>Welcome to the library</source>
        <translation>Welcome to the library</translation>
    </message>
    <message>
        <source>Closed today</source>
        <translation>Closed today</translation>
    </message>
    <message>
        <source>Open today {opens}–{closes}</source>
        <translation>Open today {opens}–{closes}</translation>
    </message>
    <message>
        <source>Guest pass</source>
        <translation>Guest pass</translation>
    </message>
    <message>
        <source>Log in with a guest pass code</source>
        <translation>Log in with a guest pass code</translation>
    </message>
    <message>
        <source>This computer is reserved from {time}</source>
        <translation>This computer is reserved from {time}</translation>
    </message>
    <message>
        <source>This computer is reserved now.</source>
        <translation>This computer is reserved now.</translation>
    </message>
    <message>
        <source>Type your card number</source>
        <translation>Type your card number</translation>
    </message>
    <message>
        <source>Type your library card number</source>
        <translation>Type your library card number</translation>
    </message>
</context>
<context>
    <name>InfoTexts</name>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Closed now</source>
        <translation>Closed now</translation>
    </message>
    <message>
        <source>Closed now, opens at {time}</source>
        <translation>Closed now, opens at {time}</translation>
    </message>
    <message>
        <source>Closed now, opens on {day} at {time}</source>
        <translation>Closed now, opens on {day} at {time}</translation>
    </message>
    <message>
        <source>Closed now, opens tomorrow at {time}</source>
        <translation>Closed now, opens tomorrow at {time}</translation>
    </message>
    <message>
        <source>Closes at {time}</source>
        <translation>Closes at {time}</translation>
    </message>
    <message>
        <source>Closes on {day} at {time}</source>
        <translation>Closes on {day} at {time}</translation>
    </message>
    <message>
        <source>Closes tomorrow at {time}</source>
        <translation>Closes tomorrow at {time}</translation>
    </message>
    <message>
        <source>Open until midnight</source>
        <translation>Open until midnight</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Open around the clock</source>
        <translation>Open around the clock</translation>
    </message>
    <message>
        <source>Open until midnight on {day}</source>
        <translation>Open until midnight on {day}</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Erase</source>
        <translation>Erase</translation>
    </message>
    <message>
        <source>Erase the last character</source>
        <translation>Erase the last character</translation>
    </message>
    <message>
        <source>Number keys</source>
        <translation>Number keys</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>OK, continue</source>
        <translation>OK, continue</translation>
    </message>
</context>
<context>
    <name>LanguageBar</name>
    <message>
        <source>Choose language</source>
        <translation>Choose language</translation>
    </message>
</context>
<context>
    <name>LockedScreen</name>
    <message>
        <source>This computer is locked</source>
        <translation>This computer is locked</translation>
    </message>
    <message>
        <source>Message from the library:</source>
        <translation>Message from the library:</translation>
    </message>
    <message>
        <source>Please use another computer or ask the library staff.</source>
        <translation>Please use another computer or ask the library staff.</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Cancel and go back</source>
        <translation>Cancel and go back</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Guest pass code</source>
        <translation>Guest pass code</translation>
    </message>
    <message>
        <source>Guest pass {card}</source>
        <translation>Guest pass {card}</translation>
    </message>
    <message>
        <source>Library card number</source>
        <translation>Library card number</translation>
    </message>
    <message>
        <source>Library card {card}</source>
        <translation>Library card {card}</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>The code is on the paper you got from the staff. Type the letters with the keyboard.</source>
        <translation>The code is on the paper you got from the staff. Type the letters with the keyboard.</translation>
    </message>
    <message>
        <source>The number is under the barcode. You can also scan the card.</source>
        <translation>The number is under the barcode. You can also scan the card.</translation>
    </message>
    <message>
        <source>Type your PIN</source>
        <translation>Type your PIN</translation>
    </message>
    <message>
        <source>Type your guest pass code</source>
        <translation>Type your guest pass code</translation>
    </message>
    <message>
        <source>Type your library card number</source>
        <translation>Type your library card number</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Library computer</source>
        <translation>Library computer</translation>
    </message>
</context>
<context>
    <name>MessageOverlay</name>
    <message>
        <source>Message from the library staff</source>
        <translation>Message from the library staff</translation>
    </message>
    <message>
        <source>OK, close</source>
        <translation>OK, close</translation>
    </message>
    <message>
        <source>Close the message</source>
        <translation>Close the message</translation>
    </message>
</context>
<context>
    <name>NotRegisteredScreen</name>
    <message>
        <source>This computer is not registered</source>
        <translation>This computer is not registered</translation>
    </message>
    <message>
        <source>Please contact library staff or IT.</source>
        <translation>Please contact library staff or IT.</translation>
    </message>
    <message>
        <source>Computer name: {hostname}</source>
        <translation>Computer name: {hostname}</translation>
    </message>
</context>
<context>
    <name>NoticePanel</name>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Close this message</source>
        <translation>Close this message</translation>
    </message>
</context>
<context>
    <name>NoticeTexts</name>
    <message>
        <source>All the time on this guest pass is used. Ask the staff for a new one.</source>
        <translation>All the time on this guest pass is used. Ask the staff for a new one.</translation>
    </message>
    <message>
        <source>Hold the phone on the reader a little longer.</source>
        <translation>Hold the phone on the reader a little longer.</translation>
    </message>
    <message>
        <source>No computer is free at that time. Please choose another time.</source>
        <translation>No computer is free at that time. Please choose another time.</translation>
    </message>
    <message>
        <source>Someone reserved that time just now. Please choose another time.</source>
        <translation>Someone reserved that time just now. Please choose another time.</translation>
    </message>
    <message>
        <source>That did not work. Please ask the library staff.</source>
        <translation>That did not work. Please ask the library staff.</translation>
    </message>
    <message>
        <source>The PIN is wrong. Please try again.</source>
        <translation>The PIN is wrong. Please try again.</translation>
    </message>
    <message>
        <source>The code could not be read. Please try again.</source>
        <translation>The code could not be read. Please try again.</translation>
    </message>
    <message>
        <source>The code on your phone is too old. Open the card in the app again.</source>
        <translation>The code on your phone is too old. Open the card in the app again.</translation>
    </message>
    <message>
        <source>The computer could not be started for you. Please try again or ask the staff.</source>
        <translation>The computer could not be started for you. Please try again or ask the staff.</translation>
    </message>
    <message>
        <source>The library is closed or closes soon. You cannot log in now.</source>
        <translation>The library is closed or closes soon. You cannot log in now.</translation>
    </message>
    <message>
        <source>The library is not open for all of that time. Please choose an earlier time.</source>
        <translation>The library is not open for all of that time. Please choose an earlier time.</translation>
    </message>
    <message>
        <source>The library's network is not working right now. Log in with the digital card in the Helsinki app, or ask the staff.</source>
        <translation>The library's network is not working right now. Log in with the digital card in the Helsinki app, or ask the staff.</translation>
    </message>
    <message>
        <source>The library's network is not working right now. Please try again later or ask the staff.</source>
        <translation>The library's network is not working right now. Please try again later or ask the staff.</translation>
    </message>
    <message>
        <source>The network is not working, so you cannot get more time now.</source>
        <translation>The network is not working, so you cannot get more time now.</translation>
    </message>
    <message>
        <source>The network is not working, so you cannot reserve a computer now.</source>
        <translation>The network is not working, so you cannot reserve a computer now.</translation>
    </message>
    <message>
        <source>The network is not working, so your account cannot be shown now.</source>
        <translation>The network is not working, so your account cannot be shown now.</translation>
    </message>
    <message>
        <source>The number is not right. Check it and type it again.</source>
        <translation>The number is not right. Check it and type it again.</translation>
    </message>
    <message>
        <source>The program did not open. Please try again or ask the staff.</source>
        <translation>The program did not open. Please try again or ask the staff.</translation>
    </message>
    <message>
        <source>This card cannot be used here. Scan the barcode of your library card, or use the digital card in the app.</source>
        <translation>This card cannot be used here. Scan the barcode of your library card, or use the digital card in the app.</translation>
    </message>
    <message>
        <source>This card cannot be used. Please ask the library staff.</source>
        <translation>This card cannot be used. Please ask the library staff.</translation>
    </message>
    <message>
        <source>This card is not known. Check the number or ask the library staff.</source>
        <translation>This card is not known. Check the number or ask the library staff.</translation>
    </message>
    <message>
        <source>This code has already been used. Show a new code from the app.</source>
        <translation>This code has already been used. Show a new code from the app.</translation>
    </message>
    <message>
        <source>This code was made for another computer. Show a new code here.</source>
        <translation>This code was made for another computer. Show a new code here.</translation>
    </message>
    <message>
        <source>This computer has an age limit. Please ask the library staff.</source>
        <translation>This computer has an age limit. Please ask the library staff.</translation>
    </message>
    <message>
        <source>This computer is not ready yet. Please wait a moment or ask the staff.</source>
        <translation>This computer is not ready yet. Please wait a moment or ask the staff.</translation>
    </message>
    <message>
        <source>This computer is switching off. Please use another computer.</source>
        <translation>This computer is switching off. Please use another computer.</translation>
    </message>
    <message>
        <source>This computer is reserved for someone else. Please use another computer.</source>
        <translation>This computer is reserved for someone else. Please use another computer.</translation>
    </message>
    <message>
        <source>This digital card cannot be used any more. Please ask the library staff.</source>
        <translation>This digital card cannot be used any more. Please ask the library staff.</translation>
    </message>
    <message>
        <source>This digital card cannot be used. Please ask the library staff.</source>
        <translation>This digital card cannot be used. Please ask the library staff.</translation>
    </message>
    <message>
        <source>This guest pass is no longer valid. Ask the staff for a new one.</source>
        <translation>This guest pass is no longer valid. Ask the staff for a new one.</translation>
    </message>
    <message>
        <source>This program is not available on this computer.</source>
        <translation>This program is not available on this computer.</translation>
    </message>
    <message>
        <source>The library is switching this computer off. Save your work now: you will be logged out in a minute.</source>
        <translation>The library is switching this computer off. Save your work now: you will be logged out in a minute.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Wait a moment and try again.</source>
        <translation>Too many wrong PINs. Wait a moment and try again.</translation>
    </message>
    <message>
        <source>Type the number first.</source>
        <translation>Type the number first.</translation>
    </message>
    <message>
        <source>Type your PIN first.</source>
        <translation>Type your PIN first.</translation>
    </message>
    <message>
        <source>You are already logged in on another computer. Log out there first.</source>
        <translation>You are already logged in on another computer. Log out there first.</translation>
    </message>
    <message>
        <source>You can try again in {minutes} min.</source>
        <translation>You can try again in {minutes} min.</translation>
    </message>
    <message>
        <source>You cannot get more time now. Save your work.</source>
        <translation>You cannot get more time now. Save your work.</translation>
    </message>
    <message>
        <source>You got more time.</source>
        <translation>You got more time.</translation>
    </message>
    <message>
        <source>You got {minutes} more minutes.</source>
        <translation>You got {minutes} more minutes.</translation>
    </message>
    <message>
        <source>You have unpaid fees. Please pay them at the library first.</source>
        <translation>You have unpaid fees. Please pay them at the library first.</translation>
    </message>
    <message>
        <source>You have used all your computer time for today. Welcome back tomorrow.</source>
        <translation>You have used all your computer time for today. Welcome back tomorrow.</translation>
    </message>
    <message>
        <source>You need a library card to reserve a computer.</source>
        <translation>You need a library card to reserve a computer.</translation>
    </message>
    <message>
        <source>Your account cannot be shown with this way of logging in.</source>
        <translation>Your account cannot be shown with this way of logging in.</translation>
    </message>
    <message>
        <source>Your card cannot be checked right now. Please try again in a moment.</source>
        <translation>Your card cannot be checked right now. Please try again in a moment.</translation>
    </message>
    <message>
        <source>Your digital card is no longer valid. Update it in the Helsinki app.</source>
        <translation>Your digital card is no longer valid. Update it in the Helsinki app.</translation>
    </message>
    <message>
        <source>Your library card is no longer valid. The library staff can renew it.</source>
        <translation>Your library card is no longer valid. The library staff can renew it.</translation>
    </message>
    <message>
        <source>Your time on this computer has ended.</source>
        <translation>Your time on this computer has ended.</translation>
    </message>
    <message>
        <source>Check the e-mail address, for example aino@example.fi.</source>
        <translation>Check the e-mail address, for example aino@example.fi.</translation>
    </message>
    <message>
        <source>Check the phone number, for example 040 123 4567.</source>
        <translation>Check the phone number, for example 040 123 4567.</translation>
    </message>
    <message>
        <source>Someone booked that time just now. Please choose another time.</source>
        <translation>Someone booked that time just now. Please choose another time.</translation>
    </message>
    <message>
        <source>Take your number from the printer.</source>
        <translation>Take your number from the printer.</translation>
    </message>
    <message>
        <source>Take your slip from the printer.</source>
        <translation>Take your slip from the printer.</translation>
    </message>
    <message>
        <source>That time can no longer be booked. Please choose a later time.</source>
        <translation>That time can no longer be booked. Please choose a later time.</translation>
    </message>
    <message>
        <source>That time cannot be booked yet. Please choose an earlier time.</source>
        <translation>That time cannot be booked yet. Please choose an earlier time.</translation>
    </message>
    <message>
        <source>That time is no longer free. Please choose another time.</source>
        <translation>That time is no longer free. Please choose another time.</translation>
    </message>
    <message>
        <source>The guides cannot be shown right now. Please ask the library staff.</source>
        <translation>The guides cannot be shown right now. Please ask the library staff.</translation>
    </message>
    <message>
        <source>The library's network is not working right now, so this cannot be done here. Please ask the library staff.</source>
        <translation>The library's network is not working right now, so this cannot be done here. Please ask the library staff.</translation>
    </message>
    <message>
        <source>The name is too long. Use at most 60 letters.</source>
        <translation>The name is too long. Use at most 60 letters.</translation>
    </message>
    <message>
        <source>The printer has no paper. Please tell the staff.</source>
        <translation>The printer has no paper. Please tell the staff.</translation>
    </message>
    <message>
        <source>The slip could not be printed: write the code down or take a photo. Staff can help.</source>
        <translation>The slip could not be printed: write the code down or take a photo. Staff can help.</translation>
    </message>
    <message>
        <source>There are no free times for this topic in this language. Choose another language, or ask the library staff.</source>
        <translation>There are no free times for this topic in this language. Choose another language, or ask the library staff.</translation>
    </message>
    <message>
        <source>This computer has no printer.</source>
        <translation>This computer has no printer.</translation>
    </message>
    <message>
        <source>Write your name or a nickname.</source>
        <translation>Write your name or a nickname.</translation>
    </message>
    <message>
        <source>Your number could not be printed.</source>
        <translation>Your number could not be printed.</translation>
    </message>
</context>
<context>
    <name>ReservationOverlay</name>
    <message>
        <source>Choose a start time today. You get the computer for {minutes} min.</source>
        <translation>Choose a start time today. You get the computer for {minutes} min.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Close reserving</source>
        <translation>Close reserving</translation>
    </message>
    <message>
        <source>Computer {computer} is reserved for you {start}–{end}.</source>
        <translation>Computer {computer} is reserved for you {start}–{end}.</translation>
    </message>
    <message>
        <source>Looking for free times…</source>
        <translation>Looking for free times…</translation>
    </message>
    <message>
        <source>No computer is free to reserve today.</source>
        <translation>No computer is free to reserve today.</translation>
    </message>
    <message>
        <source>Reserve a computer</source>
        <translation>Reserve a computer</translation>
    </message>
    <message>
        <source>Reserve from {time}</source>
        <translation>Reserve from {time}</translation>
    </message>
    <message>
        <source>Reserving…</source>
        <translation>Reserving…</translation>
    </message>
</context>
<context>
    <name>SessionBar</name>
    <message>
        <source>Ask for more time</source>
        <translation>Ask for more time</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>Continue, I am still here</source>
        <translation>Continue, I am still here</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>Log out and delete my files</source>
        <translation>Log out and delete my files</translation>
    </message>
    <message>
        <source>Log out now? Your files will be deleted.</source>
        <translation>Log out now? Your files will be deleted.</translation>
    </message>
    <message>
        <source>More time</source>
        <translation>More time</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>No, keep using the computer</source>
        <translation>No, keep using the computer</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>OK, close the warning</source>
        <translation>OK, close the warning</translation>
    </message>
    <message>
        <source>Time left: {time}</source>
        <translation>Time left: {time}</translation>
    </message>
    <message>
        <source>Yes, log out</source>
        <translation>Yes, log out</translation>
    </message>
    <message>
        <source>Yes, log out now</source>
        <translation>Yes, log out now</translation>
    </message>
    <message>
        <source>Your session</source>
        <translation>Your session</translation>
    </message>
</context>
<context>
    <name>SessionScreen</name>
    <message>
        <source>Ask for more time</source>
        <translation>Ask for more time</translation>
    </message>
    <message>
        <source>Choose a program</source>
        <translation>Choose a program</translation>
    </message>
    <message>
        <source>Hello, {name}</source>
        <translation>Hello, {name}</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>Log out and delete my files</source>
        <translation>Log out and delete my files</translation>
    </message>
    <message>
        <source>More time</source>
        <translation>More time</translation>
    </message>
    <message>
        <source>My account</source>
        <translation>My account</translation>
    </message>
    <message>
        <source>My account: loans, holds and fees</source>
        <translation>My account: loans, holds and fees</translation>
    </message>
    <message>
        <source>No programs are set up on this computer yet.</source>
        <translation>No programs are set up on this computer yet.</translation>
    </message>
    <message>
        <source>Open {program}</source>
        <translation>Open {program}</translation>
    </message>
    <message>
        <source>Reserve a computer</source>
        <translation>Reserve a computer</translation>
    </message>
    <message>
        <source>Reserve a computer for later today</source>
        <translation>Reserve a computer for later today</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Time left</translation>
    </message>
    <message>
        <source>Time left: {time}</source>
        <translation>Time left: {time}</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Welcome</translation>
    </message>
</context>
<context>
    <name>SlideShow</name>
    <message>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>Continue the slideshow</source>
        <translation>Continue the slideshow</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Pause the slideshow</source>
        <translation>Pause the slideshow</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>Slide {number} of {count}</source>
        <translation>Slide {number} of {count}</translation>
    </message>
</context>
<context>
    <name>StartingScreen</name>
    <message>
        <source>Starting…</source>
        <translation>Starting…</translation>
    </message>
    <message>
        <source>Please wait a moment.</source>
        <translation>Please wait a moment.</translation>
    </message>
</context>
<context>
    <name>StatusStrip</name>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Network: connected</source>
        <translation>Network: connected</translation>
    </message>
    <message>
        <source>Network: not connected</source>
        <translation>Network: not connected</translation>
    </message>
    <message>
        <source>Card reader: working</source>
        <translation>Card reader: working</translation>
    </message>
    <message>
        <source>Card reader: needs attention</source>
        <translation>Card reader: needs attention</translation>
    </message>
    <message>
        <source>Card reader: not working</source>
        <translation>Card reader: not working</translation>
    </message>
    <message>
        <source>Card reader: not in use</source>
        <translation>Card reader: not in use</translation>
    </message>
    <message>
        <source>Printer: working</source>
        <translation>Printer: working</translation>
    </message>
    <message>
        <source>Printer: needs attention</source>
        <translation>Printer: needs attention</translation>
    </message>
    <message>
        <source>Printer: not working</source>
        <translation>Printer: not working</translation>
    </message>
    <message>
        <source>Printer: not in use</source>
        <translation>Printer: not in use</translation>
    </message>
    <message>
        <source>Printer: paper running low</source>
        <translation>Printer: paper running low</translation>
    </message>
    <message>
        <source>Printer: out of paper</source>
        <translation>Printer: out of paper</translation>
    </message>
    <message>
        <source>Downloading new content: {percent} %</source>
        <translation>Downloading new content: {percent} %</translation>
    </message>
</context>
<context>
    <name>SupportActions</name>
    <message>
        <source>Book a time with a digital support adviser</source>
        <translation>Book a time with a digital support adviser</translation>
    </message>
    <message>
        <source>Book an adviser</source>
        <translation>Book an adviser</translation>
    </message>
    <message>
        <source>Digital support</source>
        <translation>Digital support</translation>
    </message>
    <message>
        <source>Guides</source>
        <translation>Guides</translation>
    </message>
    <message>
        <source>Guides: step-by-step help</source>
        <translation>Guides: step-by-step help</translation>
    </message>
    <message>
        <source>Help me now</source>
        <translation>Help me now</translation>
    </message>
    <message>
        <source>Help me now: an adviser comes to this computer</source>
        <translation>Help me now: an adviser comes to this computer</translation>
    </message>
    <message>
        <source>Need help?</source>
        <translation>Need help?</translation>
    </message>
</context>
<context>
    <name>TextSizeButton</name>
    <message>
        <source>Larger text</source>
        <translation>Larger text</translation>
    </message>
    <message>
        <source>Makes all text on the screen bigger</source>
        <translation>Makes all text on the screen bigger</translation>
    </message>
</context>
<context>
    <name>WarningOverlay</name>
    <message>
        <source>Ask for more time</source>
        <translation>Ask for more time</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>Continue, I am still here</source>
        <translation>Continue, I am still here</translation>
    </message>
    <message>
        <source>More time</source>
        <translation>More time</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>OK, close the warning</source>
        <translation>OK, close the warning</translation>
    </message>
</context>
<context>
    <name>WarningTexts</name>
    <message>
        <source>Are you still there?</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <source>Are you still there? Touch the screen or press any key, or you will be logged out.</source>
        <translation>Are you still there? Touch the screen or press any key, or you will be logged out.</translation>
    </message>
    <message>
        <source>Less than a minute left</source>
        <translation>Less than a minute left</translation>
    </message>
    <message>
        <source>Save your work now. Everything on this computer is deleted when the time is up.</source>
        <translation>Save your work now. Everything on this computer is deleted when the time is up.</translation>
    </message>
    <message>
        <source>Save your work. If you need more time, press More time.</source>
        <translation>Save your work. If you need more time, press More time.</translation>
    </message>
    <message>
        <source>Save your work. You will be logged out when the time is up.</source>
        <translation>Save your work. You will be logged out when the time is up.</translation>
    </message>
    <message>
        <source>Touch the screen or press any key. Logging out in {time}.</source>
        <translation>Touch the screen or press any key. Logging out in {time}.</translation>
    </message>
    <message>
        <source>{minutes} minutes left</source>
        <translation>{minutes} minutes left</translation>
    </message>
    <message>
        <source>Please save your work. You will be logged out when the library closes.</source>
        <translation>Please save your work. You will be logged out when the library closes.</translation>
    </message>
    <message>
        <source>Please save your work. You will be logged out when the library closes, and this computer switches off at {time}.</source>
        <translation>Please save your work. You will be logged out when the library closes, and this computer switches off at {time}.</translation>
    </message>
    <message>
        <source>The library closes at {time}</source>
        <translation>The library closes at {time}</translation>
    </message>
    <message>
        <source>The library closes soon</source>
        <translation>The library closes soon</translation>
    </message>
</context>
</TS>
