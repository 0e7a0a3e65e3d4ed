<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv_FI" sourcelanguage="en_GB">
<context>
    <name>AccountOverlay</name>
    <message>
        <source>Close</source>
        <translation>Stäng</translation>
    </message>
    <message>
        <source>Close my account</source>
        <translation>Stäng mitt konto</translation>
    </message>
    <message>
        <source>Fees to pay: {amount}</source>
        <translation>Att betala: {amount}</translation>
    </message>
    <message>
        <source>Loading your account…</source>
        <translation>Dina uppgifter hämtas…</translation>
    </message>
    <message>
        <source>Loans, holds and fees</source>
        <translation>Lån, reservationer och avgifter</translation>
    </message>
    <message>
        <source>Loans: {count}</source>
        <translation>Lån: {count}</translation>
    </message>
    <message>
        <source>My account</source>
        <translation>Mitt konto</translation>
    </message>
    <message>
        <source>Nothing is waiting for you right now.</source>
        <translation>Inget väntar på dig just nu.</translation>
    </message>
    <message>
        <source>Other holds on the way: {count}</source>
        <translation>Andra reservationer på väg: {count}</translation>
    </message>
    <message>
        <source>Ready to pick up: {count}</source>
        <translation>Kan hämtas: {count}</translation>
    </message>
    <message>
        <source>You have no fees to pay.</source>
        <translation>Du har inga avgifter att betala.</translation>
    </message>
    <message>
        <source>You have no loans.</source>
        <translation>Du har inga lån.</translation>
    </message>
    <message>
        <source>{title} – at {place}</source>
        <translation>{title} – hämtas på {place}</translation>
    </message>
    <message>
        <source>{title} – at {place}, pick up by {date}</source>
        <translation>{title} – hämtas på {place} senast {date}</translation>
    </message>
    <message>
        <source>{title} – due {date}</source>
        <translation>{title} – lämnas tillbaka senast {date}</translation>
    </message>
    <message>
        <source>{title} – pick up by {date}</source>
        <translation>{title} – hämtas senast {date}</translation>
    </message>
    <message>
        <source>{title} – was due {date} (late)</source>
        <translation>{title} – skulle lämnas tillbaka {date} (försenad)</translation>
    </message>
</context>
<context>
    <name>AnnouncementRow</name>
    <message>
        <source>Important</source>
        <translation>Viktigt</translation>
    </message>
</context>
<context>
    <name>BookingScreen</name>
    <message>
        <source>An adviser helps you one to one, for free.</source>
        <translation>En handledare hjälper dig personligen. Hjälpen är gratis.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Tillbaka</translation>
    </message>
    <message>
        <source>Back to the previous question</source>
        <translation>Tillbaka till föregående fråga</translation>
    </message>
    <message>
        <source>Book</source>
        <translation>Boka</translation>
    </message>
    <message>
        <source>Book an adviser</source>
        <translation>Boka tid hos en handledare</translation>
    </message>
    <message>
        <source>Book this time</source>
        <translation>Boka den här tiden</translation>
    </message>
    <message>
        <source>Booking code</source>
        <translation>Bokningskod</translation>
    </message>
    <message>
        <source>Booking code: {code}</source>
        <translation>Bokningskod: {code}</translation>
    </message>
    <message>
        <source>Booking…</source>
        <translation>Bokningen görs…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Cancel booking</source>
        <translation>Avbryt bokningen</translation>
    </message>
    <message>
        <source>Check the details. Then press Book.</source>
        <translation>Kontrollera uppgifterna. Tryck sedan på Boka.</translation>
    </message>
    <message>
        <source>Choose a start time.</source>
        <translation>Välj en starttid.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Klar</translation>
    </message>
    <message>
        <source>Done: close the booking</source>
        <translation>Klar: stäng bokningen</translation>
    </message>
    <message>
        <source>For a reminder before the appointment.</source>
        <translation>Du får en påminnelse före mötet.</translation>
    </message>
    <message>
        <source>From {start} to {end}</source>
        <translation>Kl. {start}–{end}</translation>
    </message>
    <message>
        <source>In which language?</source>
        <translation>På vilket språk?</translation>
    </message>
    <message>
        <source>In which library?</source>
        <translation>I vilket bibliotek?</translation>
    </message>
    <message>
        <source>Is this right?</source>
        <translation>Stämmer det här?</translation>
    </message>
    <message>
        <source>Keep this code to cancel or change the booking.</source>
        <translation>Spara koden. Du behöver den om du vill avboka eller ändra tiden.</translation>
    </message>
    <message>
        <source>Language: {language}</source>
        <translation>Språk: {language}</translation>
    </message>
    <message>
        <source>Looking for free times…</source>
        <translation>Lediga tider söks…</translation>
    </message>
    <message>
        <source>Name: {name}</source>
        <translation>Namn: {name}</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Nästa</translation>
    </message>
    <message>
        <source>Next question</source>
        <translation>Nästa fråga</translation>
    </message>
    <message>
        <source>Phone number or e-mail</source>
        <translation>Telefonnummer eller e-post</translation>
    </message>
    <message>
        <source>Phone number or e-mail (you can leave this empty)</source>
        <translation>Telefonnummer eller e-post (du kan lämna tomt)</translation>
    </message>
    <message>
        <source>Place: {place}</source>
        <translation>Plats: {place}</translation>
    </message>
    <message>
        <source>Reminder to: {contact}</source>
        <translation>Påminnelse till: {contact}</translation>
    </message>
    <message>
        <source>The language the adviser speaks with you.</source>
        <translation>Språket som handledaren talar med dig.</translation>
    </message>
    <message>
        <source>These days have free times.</source>
        <translation>De här dagarna finns det lediga tider.</translation>
    </message>
    <message>
        <source>Time: {time}</source>
        <translation>Tid: {time}</translation>
    </message>
    <message>
        <source>Topic: {topic}</source>
        <translation>Ämne: {topic}</translation>
    </message>
    <message>
        <source>What do you need help with?</source>
        <translation>Vad behöver du hjälp med?</translation>
    </message>
    <message>
        <source>What time?</source>
        <translation>Vilken tid?</translation>
    </message>
    <message>
        <source>Where you meet the adviser.</source>
        <translation>Platsen där du träffar handledaren.</translation>
    </message>
    <message>
        <source>Which day?</source>
        <translation>Vilken dag?</translation>
    </message>
    <message>
        <source>Who is coming?</source>
        <translation>Vem kommer?</translation>
    </message>
    <message>
        <source>Your name and contact details are deleted after the appointment.</source>
        <translation>Ditt namn och dina kontaktuppgifter raderas efter mötet.</translation>
    </message>
    <message>
        <source>Your name or a nickname</source>
        <translation>Ditt namn eller smeknamn</translation>
    </message>
    <message>
        <source>Your time is booked</source>
        <translation>Din tid är bokad</translation>
    </message>
    <message>
        <source>today, {date}</source>
        <translation>i dag, {date}</translation>
    </message>
    <message>
        <source>tomorrow, {date}</source>
        <translation>i morgon, {date}</translation>
    </message>
    <message>
        <source>{day} at {start}–{end}</source>
        <translation>{day} kl. {start}–{end}</translation>
    </message>
    <message>
        <source>{place}. Your adviser is {name}.</source>
        <translation>{place}. Din handledare är {name}.</translation>
    </message>
</context>
<context>
    <name>ConfirmLogoutOverlay</name>
    <message>
        <source>Log out now?</source>
        <translation>Vill du logga ut nu?</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nej</translation>
    </message>
    <message>
        <source>No, keep using the computer</source>
        <translation>Nej, jag fortsätter använda datorn</translation>
    </message>
    <message>
        <source>Yes, log out</source>
        <translation>Ja, logga ut</translation>
    </message>
    <message>
        <source>Yes, log out now</source>
        <translation>Ja, logga ut nu</translation>
    </message>
    <message>
        <source>Your files and everything else you did on this computer will be deleted.</source>
        <translation>Dina filer och allt annat du gjorde på den här datorn raderas.</translation>
    </message>
</context>
<context>
    <name>GuidesScreen</name>
    <message>
        <source>1 guide found.</source>
        <translation>1 guide hittades.</translation>
    </message>
    <message>
        <source>All guides</source>
        <translation>Alla guider</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Tillbaka</translation>
    </message>
    <message>
        <source>Back to all guides</source>
        <translation>Tillbaka till alla guider</translation>
    </message>
    <message>
        <source>Back to all guides without answering</source>
        <translation>Tillbaka till guiderna utan att svara</translation>
    </message>
    <message>
        <source>Choose a guide, or search with a word.</source>
        <translation>Välj en guide eller sök med ett ord.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Töm</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>Töm sökningen</translation>
    </message>
    <message>
        <source>Close guides</source>
        <translation>Stäng guiderna</translation>
    </message>
    <message>
        <source>Close the guides</source>
        <translation>Stäng guiderna och gå tillbaka</translation>
    </message>
    <message>
        <source>Did this guide help you?</source>
        <translation>Hjälpte guiden dig?</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Klar</translation>
    </message>
    <message>
        <source>Done: finish the guide</source>
        <translation>Klar: avsluta guiden</translation>
    </message>
    <message>
        <source>For example: e-mail, bank, printing</source>
        <translation>Till exempel: e-post, bank, utskrift</translation>
    </message>
    <message>
        <source>Guides</source>
        <translation>Guider</translation>
    </message>
    <message>
        <source>Help me now</source>
        <translation>Hjälp nu</translation>
    </message>
    <message>
        <source>Help me now: an adviser comes to this computer</source>
        <translation>Hjälp nu: en handledare kommer till den här datorn</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Nästa</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Nästa steg</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nej</translation>
    </message>
    <message>
        <source>No guides found. Try another word, or ask for help.</source>
        <translation>Inga guider hittades. Pröva ett annat ord eller be om hjälp.</translation>
    </message>
    <message>
        <source>No, the guide did not help</source>
        <translation>Nej, guiden hjälpte inte</translation>
    </message>
    <message>
        <source>Picture</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>Previous step</source>
        <translation>Föregående steg</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <translation>Läs högt</translation>
    </message>
    <message>
        <source>Read this step aloud</source>
        <translation>Läs det här steget högt</translation>
    </message>
    <message>
        <source>Search the guides</source>
        <translation>Sök i guiderna</translation>
    </message>
    <message>
        <source>Search with a word</source>
        <translation>Sök med ett ord</translation>
    </message>
    <message>
        <source>Step {number} of {total}</source>
        <translation>Steg {number} av {total}</translation>
    </message>
    <message>
        <source>Thank you for your answer.</source>
        <translation>Tack för ditt svar.</translation>
    </message>
    <message>
        <source>Thank you for your answer. An adviser can help you in person.</source>
        <translation>Tack för ditt svar. En handledare kan också hjälpa dig personligen.</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>Yes, the guide helped</source>
        <translation>Ja, guiden hjälpte</translation>
    </message>
    <message>
        <source>You reached the end of the guide.</source>
        <translation>Du har kommit till slutet av guiden.</translation>
    </message>
    <message>
        <source>{count} guides found.</source>
        <translation>{count} guider hittades.</translation>
    </message>
</context>
<context>
    <name>HelpPanel</name>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Cancel my help request</source>
        <translation>Avbryt min begäran om hjälp</translation>
    </message>
    <message>
        <source>Leave the queue?</source>
        <translation>Vill du lämna kön?</translation>
    </message>
    <message>
        <source>No, keep my number</source>
        <translation>Nej, jag behåller mitt nummer</translation>
    </message>
    <message>
        <source>No, keep my place in the queue</source>
        <translation>Nej, jag behåller min plats i kön</translation>
    </message>
    <message>
        <source>Print my number</source>
        <translation>Skriv ut mitt nummer</translation>
    </message>
    <message>
        <source>Print my queue number</source>
        <translation>Skriv ut mitt könummer</translation>
    </message>
    <message>
        <source>Yes, leave</source>
        <translation>Ja, lämna kön</translation>
    </message>
    <message>
        <source>Yes, leave the queue</source>
        <translation>Ja, jag lämnar kön</translation>
    </message>
    <message>
        <source>Your number</source>
        <translation>Ditt nummer</translation>
    </message>
</context>
<context>
    <name>HelpTexts</name>
    <message>
        <source>1 person is before you.</source>
        <translation>Före dig står 1 person.</translation>
    </message>
    <message>
        <source>About {minutes} minutes.</source>
        <translation>Cirka {minutes} minuter.</translation>
    </message>
    <message>
        <source>An adviser is coming to you now.</source>
        <translation>En handledare kommer till dig nu.</translation>
    </message>
    <message>
        <source>An adviser will come to this computer.</source>
        <translation>En handledare kommer till den här datorn.</translation>
    </message>
    <message>
        <source>It will not take long.</source>
        <translation>Det dröjer inte länge.</translation>
    </message>
    <message>
        <source>You are next.</source>
        <translation>Du står näst på tur.</translation>
    </message>
    <message>
        <source>Your number is {number}</source>
        <translation>Ditt nummer är {number}</translation>
    </message>
    <message>
        <source>{count} people are before you.</source>
        <translation>Före dig står {count} personer.</translation>
    </message>
    <message>
        <source>{name} is coming to you now.</source>
        <translation>{name} kommer till dig nu.</translation>
    </message>
</context>
<context>
    <name>HelpTopicScreen</name>
    <message>
        <source>An adviser comes to this computer. What do you need help with?</source>
        <translation>En handledare kommer till den här datorn. Vad behöver du hjälp med?</translation>
    </message>
    <message>
        <source>Asking for help…</source>
        <translation>Hjälp begärs…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Cancel: do not ask for help</source>
        <translation>Avbryt: be inte om hjälp</translation>
    </message>
    <message>
        <source>Choosing a topic helps the adviser. You can also skip this question.</source>
        <translation>Ämnet hjälper handledaren. Du kan också hoppa över frågan.</translation>
    </message>
    <message>
        <source>Help me now</source>
        <translation>Hjälp nu</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Hoppa över</translation>
    </message>
    <message>
        <source>Skip the topic and ask for help</source>
        <translation>Hoppa över ämnet och be om hjälp</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Ämnen</translation>
    </message>
</context>
<context>
    <name>HoursPanel</name>
    <message>
        <source>Opening hours</source>
        <translation>Öppettider</translation>
    </message>
</context>
<context>
    <name>IdleScreen</name>
    <message>
        <source>Tap your phone or scan your library card</source>
        <translation>Håll telefonen mot läsaren eller skanna ditt bibliotekskort</translation>
    </message>
    <message>
        <source>Welcome to the library</source>
        <translation>Välkommen till biblioteket</translation>
    </message>
    <message>
        <source>Closed today</source>
        <translation>Stängt i dag</translation>
    </message>
    <message>
        <source>Open today {opens}–{closes}</source>
        <translation>Öppet i dag {opens}–{closes}</translation>
    </message>
    <message>
        <source>Guest pass</source>
        <translation>Gästpass</translation>
    </message>
    <message>
        <source>Log in with a guest pass code</source>
        <translation>Logga in med koden på ett gästpass</translation>
    </message>
    <message>
        <source>This computer is reserved from {time}</source>
        <translation>Den här datorn är bokad från kl. {time}</translation>
    </message>
    <message>
        <source>This computer is reserved now.</source>
        <translation>Den här datorn är bokad nu.</translation>
    </message>
    <message>
        <source>Type your card number</source>
        <translation>Skriv kortnumret</translation>
    </message>
    <message>
        <source>Type your library card number</source>
        <translation>Skriv numret på ditt bibliotekskort</translation>
    </message>
</context>
<context>
    <name>InfoTexts</name>
    <message>
        <source>Closed</source>
        <translation>Stängt</translation>
    </message>
    <message>
        <source>Closed now</source>
        <translation>Stängt nu</translation>
    </message>
    <message>
        <source>Closed now, opens at {time}</source>
        <translation>Stängt nu, öppnar kl. {time}</translation>
    </message>
    <message>
        <source>Closed now, opens on {day} at {time}</source>
        <translation>Stängt nu, öppnar på {day} kl. {time}</translation>
    </message>
    <message>
        <source>Closed now, opens tomorrow at {time}</source>
        <translation>Stängt nu, öppnar i morgon kl. {time}</translation>
    </message>
    <message>
        <source>Closes at {time}</source>
        <translation>Stänger kl. {time}</translation>
    </message>
    <message>
        <source>Closes on {day} at {time}</source>
        <translation>Stänger på {day} kl. {time}</translation>
    </message>
    <message>
        <source>Closes tomorrow at {time}</source>
        <translation>Stänger i morgon kl. {time}</translation>
    </message>
    <message>
        <source>Open until midnight</source>
        <translation>Öppet till midnatt</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>I dag</translation>
    </message>
    <message>
        <source>Open around the clock</source>
        <translation>Öppet dygnet runt</translation>
    </message>
    <message>
        <source>Open until midnight on {day}</source>
        <translation>Öppet till midnatt på {day}</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Erase</source>
        <translation>Radera</translation>
    </message>
    <message>
        <source>Erase the last character</source>
        <translation>Radera det sista tecknet</translation>
    </message>
    <message>
        <source>Number keys</source>
        <translation>Sifferknappar</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>OK, continue</source>
        <translation>OK, fortsätt</translation>
    </message>
</context>
<context>
    <name>LanguageBar</name>
    <message>
        <source>Choose language</source>
        <translation>Välj språk</translation>
    </message>
</context>
<context>
    <name>LockedScreen</name>
    <message>
        <source>This computer is locked</source>
        <translation>Den här datorn är låst</translation>
    </message>
    <message>
        <source>Message from the library:</source>
        <translation>Meddelande från biblioteket:</translation>
    </message>
    <message>
        <source>Please use another computer or ask the library staff.</source>
        <translation>Använd en annan dator eller fråga bibliotekets personal.</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Cancel and go back</source>
        <translation>Avbryt och gå tillbaka</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Kontrolleras…</translation>
    </message>
    <message>
        <source>Guest pass code</source>
        <translation>Gästpassets kod</translation>
    </message>
    <message>
        <source>Guest pass {card}</source>
        <translation>Gästpass {card}</translation>
    </message>
    <message>
        <source>Library card number</source>
        <translation>Bibliotekskortets nummer</translation>
    </message>
    <message>
        <source>Library card {card}</source>
        <translation>Bibliotekskort {card}</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN-kod</translation>
    </message>
    <message>
        <source>The code is on the paper you got from the staff. Type the letters with the keyboard.</source>
        <translation>Koden står på papperet som du fick av personalen. Skriv bokstäverna med tangentbordet.</translation>
    </message>
    <message>
        <source>The number is under the barcode. You can also scan the card.</source>
        <translation>Numret står under streckkoden. Du kan också skanna kortet.</translation>
    </message>
    <message>
        <source>Type your PIN</source>
        <translation>Skriv din PIN-kod</translation>
    </message>
    <message>
        <source>Type your guest pass code</source>
        <translation>Skriv koden på ditt gästpass</translation>
    </message>
    <message>
        <source>Type your library card number</source>
        <translation>Skriv numret på ditt bibliotekskort</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Library computer</source>
        <translation>Bibliotekets dator</translation>
    </message>
</context>
<context>
    <name>MessageOverlay</name>
    <message>
        <source>Message from the library staff</source>
        <translation>Meddelande från bibliotekets personal</translation>
    </message>
    <message>
        <source>OK, close</source>
        <translation>OK, stäng</translation>
    </message>
    <message>
        <source>Close the message</source>
        <translation>Stäng meddelandet</translation>
    </message>
</context>
<context>
    <name>NotRegisteredScreen</name>
    <message>
        <source>This computer is not registered</source>
        <translation>Den här datorn är inte registrerad</translation>
    </message>
    <message>
        <source>Please contact library staff or IT.</source>
        <translation>Kontakta bibliotekets personal eller IT-stödet.</translation>
    </message>
    <message>
        <source>Computer name: {hostname}</source>
        <translation>Datorns namn: {hostname}</translation>
    </message>
</context>
<context>
    <name>NoticePanel</name>
    <message>
        <source>Close</source>
        <translation>Stäng</translation>
    </message>
    <message>
        <source>Close this message</source>
        <translation>Stäng det här meddelandet</translation>
    </message>
</context>
<context>
    <name>NoticeTexts</name>
    <message>
        <source>All the time on this guest pass is used. Ask the staff for a new one.</source>
        <translation>All tid på gästpasset är använd. Be personalen om ett nytt.</translation>
    </message>
    <message>
        <source>Hold the phone on the reader a little longer.</source>
        <translation>Håll telefonen mot läsaren lite längre.</translation>
    </message>
    <message>
        <source>No computer is free at that time. Please choose another time.</source>
        <translation>Ingen dator är ledig då. Välj en annan tid.</translation>
    </message>
    <message>
        <source>Someone reserved that time just now. Please choose another time.</source>
        <translation>Någon bokade just den tiden. Välj en annan tid.</translation>
    </message>
    <message>
        <source>That did not work. Please ask the library staff.</source>
        <translation>Det fungerade inte. Be bibliotekets personal om hjälp.</translation>
    </message>
    <message>
        <source>The PIN is wrong. Please try again.</source>
        <translation>PIN-koden är fel. Försök igen.</translation>
    </message>
    <message>
        <source>The code could not be read. Please try again.</source>
        <translation>Koden kunde inte läsas. Försök igen.</translation>
    </message>
    <message>
        <source>The code on your phone is too old. Open the card in the app again.</source>
        <translation>Koden i din telefon är för gammal. Öppna kortet i appen igen.</translation>
    </message>
    <message>
        <source>The computer could not be started for you. Please try again or ask the staff.</source>
        <translation>Det gick inte att starta datorn åt dig. Försök igen eller fråga personalen.</translation>
    </message>
    <message>
        <source>The library is closed or closes soon. You cannot log in now.</source>
        <translation>Biblioteket är stängt eller stänger snart. Du kan inte logga in nu.</translation>
    </message>
    <message>
        <source>The library is not open for all of that time. Please choose an earlier time.</source>
        <translation>Biblioteket är inte öppet hela den tiden. Välj en tidigare tid.</translation>
    </message>
    <message>
        <source>The library's network is not working right now. Log in with the digital card in the Helsinki app, or ask the staff.</source>
        <translation>Bibliotekets nätverk fungerar inte just nu. Logga in med det digitala kortet i Helsingfors-appen eller fråga personalen.</translation>
    </message>
    <message>
        <source>The library's network is not working right now. Please try again later or ask the staff.</source>
        <translation>Bibliotekets nätverk fungerar inte just nu. Försök igen senare eller fråga personalen.</translation>
    </message>
    <message>
        <source>The network is not working, so you cannot get more time now.</source>
        <translation>Nätverket fungerar inte, så du kan inte få mer tid nu.</translation>
    </message>
    <message>
        <source>The network is not working, so you cannot reserve a computer now.</source>
        <translation>Nätverket fungerar inte, så du kan inte boka en dator nu.</translation>
    </message>
    <message>
        <source>The network is not working, so your account cannot be shown now.</source>
        <translation>Nätverket fungerar inte, så ditt konto kan inte visas nu.</translation>
    </message>
    <message>
        <source>The number is not right. Check it and type it again.</source>
        <translation>Numret är inte rätt. Kontrollera numret och skriv det igen.</translation>
    </message>
    <message>
        <source>The program did not open. Please try again or ask the staff.</source>
        <translation>Programmet öppnades inte. Försök igen eller fråga personalen.</translation>
    </message>
    <message>
        <source>This card cannot be used here. Scan the barcode of your library card, or use the digital card in the app.</source>
        <translation>Det här kortet kan inte användas här. Skanna streckkoden på ditt bibliotekskort eller använd det digitala kortet i appen.</translation>
    </message>
    <message>
        <source>This card cannot be used. Please ask the library staff.</source>
        <translation>Det här kortet kan inte användas. Fråga bibliotekets personal.</translation>
    </message>
    <message>
        <source>This card is not known. Check the number or ask the library staff.</source>
        <translation>Kortet är okänt. Kontrollera numret eller fråga bibliotekets personal.</translation>
    </message>
    <message>
        <source>This code has already been used. Show a new code from the app.</source>
        <translation>Den här koden har redan använts. Visa en ny kod från appen.</translation>
    </message>
    <message>
        <source>This code was made for another computer. Show a new code here.</source>
        <translation>Den här koden gjordes för en annan dator. Visa en ny kod här.</translation>
    </message>
    <message>
        <source>This computer has an age limit. Please ask the library staff.</source>
        <translation>Den här datorn har en åldersgräns. Fråga bibliotekets personal.</translation>
    </message>
    <message>
        <source>This computer is not ready yet. Please wait a moment or ask the staff.</source>
        <translation>Den här datorn är inte klar än. Vänta en stund eller fråga personalen.</translation>
    </message>
    <message>
        <source>This computer is switching off. Please use another computer.</source>
        <translation>Den här datorn stängs av. Använd en annan dator.</translation>
    </message>
    <message>
        <source>This computer is reserved for someone else. Please use another computer.</source>
        <translation>Den här datorn är bokad för någon annan. Använd en annan dator.</translation>
    </message>
    <message>
        <source>This digital card cannot be used any more. Please ask the library staff.</source>
        <translation>Det här digitala kortet kan inte användas längre. Fråga bibliotekets personal.</translation>
    </message>
    <message>
        <source>This digital card cannot be used. Please ask the library staff.</source>
        <translation>Det här digitala kortet kan inte användas. Fråga bibliotekets personal.</translation>
    </message>
    <message>
        <source>This guest pass is no longer valid. Ask the staff for a new one.</source>
        <translation>Gästpasset gäller inte längre. Be personalen om ett nytt.</translation>
    </message>
    <message>
        <source>This program is not available on this computer.</source>
        <translation>Det här programmet finns inte på den här datorn.</translation>
    </message>
    <message>
        <source>The library is switching this computer off. Save your work now: you will be logged out in a minute.</source>
        <translation>Biblioteket stänger av den här datorn. Spara ditt arbete nu: du loggas ut om en minut.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Wait a moment and try again.</source>
        <translation>För många fel PIN-koder. Vänta en stund och försök igen.</translation>
    </message>
    <message>
        <source>Type the number first.</source>
        <translation>Skriv först numret.</translation>
    </message>
    <message>
        <source>Type your PIN first.</source>
        <translation>Skriv först din PIN-kod.</translation>
    </message>
    <message>
        <source>You are already logged in on another computer. Log out there first.</source>
        <translation>Du är redan inloggad på en annan dator. Logga först ut där.</translation>
    </message>
    <message>
        <source>You can try again in {minutes} min.</source>
        <translation>Du kan försöka igen om {minutes} min.</translation>
    </message>
    <message>
        <source>You cannot get more time now. Save your work.</source>
        <translation>Du kan inte få mer tid nu. Spara ditt arbete.</translation>
    </message>
    <message>
        <source>You got more time.</source>
        <translation>Du fick mer tid.</translation>
    </message>
    <message>
        <source>You got {minutes} more minutes.</source>
        <translation>Du fick {minutes} minuter till.</translation>
    </message>
    <message>
        <source>You have unpaid fees. Please pay them at the library first.</source>
        <translation>Du har obetalda avgifter. Betala dem först på biblioteket.</translation>
    </message>
    <message>
        <source>You have used all your computer time for today. Welcome back tomorrow.</source>
        <translation>Du har använt all din datortid för i dag. Välkommen tillbaka i morgon.</translation>
    </message>
    <message>
        <source>You need a library card to reserve a computer.</source>
        <translation>Du behöver ett bibliotekskort för att boka en dator.</translation>
    </message>
    <message>
        <source>Your account cannot be shown with this way of logging in.</source>
        <translation>Ditt konto kan inte visas när du har loggat in på det här sättet.</translation>
    </message>
    <message>
        <source>Your card cannot be checked right now. Please try again in a moment.</source>
        <translation>Ditt kort kan inte kontrolleras just nu. Försök igen om en stund.</translation>
    </message>
    <message>
        <source>Your digital card is no longer valid. Update it in the Helsinki app.</source>
        <translation>Ditt digitala kort gäller inte längre. Uppdatera det i Helsingfors-appen.</translation>
    </message>
    <message>
        <source>Your library card is no longer valid. The library staff can renew it.</source>
        <translation>Ditt bibliotekskort gäller inte längre. Bibliotekets personal kan förnya det.</translation>
    </message>
    <message>
        <source>Your time on this computer has ended.</source>
        <translation>Din tid på den här datorn är slut.</translation>
    </message>
    <message>
        <source>Check the e-mail address, for example aino@example.fi.</source>
        <translation>Kontrollera e-postadressen, till exempel aino@example.fi.</translation>
    </message>
    <message>
        <source>Check the phone number, for example 040 123 4567.</source>
        <translation>Kontrollera telefonnumret, till exempel 040 123 4567.</translation>
    </message>
    <message>
        <source>Someone booked that time just now. Please choose another time.</source>
        <translation>Någon hann boka den tiden. Välj en annan tid.</translation>
    </message>
    <message>
        <source>Take your number from the printer.</source>
        <translation>Ta ditt nummer från skrivaren.</translation>
    </message>
    <message>
        <source>Take your slip from the printer.</source>
        <translation>Ta bokningslappen från skrivaren.</translation>
    </message>
    <message>
        <source>That time can no longer be booked. Please choose a later time.</source>
        <translation>Den tiden kan inte längre bokas. Välj en senare tid.</translation>
    </message>
    <message>
        <source>That time cannot be booked yet. Please choose an earlier time.</source>
        <translation>Den tiden kan inte bokas än. Välj en tidigare tid.</translation>
    </message>
    <message>
        <source>That time is no longer free. Please choose another time.</source>
        <translation>Tiden är inte längre ledig. Välj en annan tid.</translation>
    </message>
    <message>
        <source>The guides cannot be shown right now. Please ask the library staff.</source>
        <translation>Guiderna kan inte visas just nu. Fråga bibliotekets personal.</translation>
    </message>
    <message>
        <source>The library's network is not working right now, so this cannot be done here. Please ask the library staff.</source>
        <translation>Bibliotekets nät fungerar inte just nu, så det här går inte att göra här. Fråga bibliotekets personal.</translation>
    </message>
    <message>
        <source>The name is too long. Use at most 60 letters.</source>
        <translation>Namnet är för långt. Använd högst 60 bokstäver.</translation>
    </message>
    <message>
        <source>The printer has no paper. Please tell the staff.</source>
        <translation>Skrivaren har inget papper. Säg till personalen.</translation>
    </message>
    <message>
        <source>The slip could not be printed: write the code down or take a photo. Staff can help.</source>
        <translation>Lappen kunde inte skrivas ut. Skriv upp koden eller ta ett foto. Personalen hjälper dig.</translation>
    </message>
    <message>
        <source>There are no free times for this topic in this language. Choose another language, or ask the library staff.</source>
        <translation>Det finns inga lediga tider för det här ämnet på det här språket. Välj ett annat språk eller fråga personalen.</translation>
    </message>
    <message>
        <source>This computer has no printer.</source>
        <translation>Den här datorn har ingen skrivare.</translation>
    </message>
    <message>
        <source>Write your name or a nickname.</source>
        <translation>Skriv ditt namn eller smeknamn.</translation>
    </message>
    <message>
        <source>Your number could not be printed.</source>
        <translation>Numret kunde inte skrivas ut.</translation>
    </message>
</context>
<context>
    <name>ReservationOverlay</name>
    <message>
        <source>Choose a start time today. You get the computer for {minutes} min.</source>
        <translation>Välj en starttid i dag. Du får använda datorn i {minutes} min.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Stäng</translation>
    </message>
    <message>
        <source>Close reserving</source>
        <translation>Stäng bokningen</translation>
    </message>
    <message>
        <source>Computer {computer} is reserved for you {start}–{end}.</source>
        <translation>Datorn {computer} är bokad för dig kl. {start}–{end}.</translation>
    </message>
    <message>
        <source>Looking for free times…</source>
        <translation>Lediga tider söks…</translation>
    </message>
    <message>
        <source>No computer is free to reserve today.</source>
        <translation>I dag finns ingen ledig dator att boka.</translation>
    </message>
    <message>
        <source>Reserve a computer</source>
        <translation>Boka en dator</translation>
    </message>
    <message>
        <source>Reserve from {time}</source>
        <translation>Boka från kl. {time}</translation>
    </message>
    <message>
        <source>Reserving…</source>
        <translation>Bokningen görs…</translation>
    </message>
</context>
<context>
    <name>SessionBar</name>
    <message>
        <source>Ask for more time</source>
        <translation>Be om mer tid</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Fortsätt</translation>
    </message>
    <message>
        <source>Continue, I am still here</source>
        <translation>Fortsätt, jag är kvar</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Logga ut</translation>
    </message>
    <message>
        <source>Log out and delete my files</source>
        <translation>Logga ut och radera mina filer</translation>
    </message>
    <message>
        <source>Log out now? Your files will be deleted.</source>
        <translation>Vill du logga ut nu? Dina filer raderas.</translation>
    </message>
    <message>
        <source>More time</source>
        <translation>Mer tid</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nej</translation>
    </message>
    <message>
        <source>No, keep using the computer</source>
        <translation>Nej, jag fortsätter använda datorn</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Jag förstår</translation>
    </message>
    <message>
        <source>OK, close the warning</source>
        <translation>Jag förstår, stäng varningen</translation>
    </message>
    <message>
        <source>Time left: {time}</source>
        <translation>Tid kvar: {time}</translation>
    </message>
    <message>
        <source>Yes, log out</source>
        <translation>Ja, logga ut</translation>
    </message>
    <message>
        <source>Yes, log out now</source>
        <translation>Ja, logga ut nu</translation>
    </message>
    <message>
        <source>Your session</source>
        <translation>Din datortid</translation>
    </message>
</context>
<context>
    <name>SessionScreen</name>
    <message>
        <source>Ask for more time</source>
        <translation>Be om mer tid</translation>
    </message>
    <message>
        <source>Choose a program</source>
        <translation>Välj ett program</translation>
    </message>
    <message>
        <source>Hello, {name}</source>
        <translation>Hej, {name}</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Logga ut</translation>
    </message>
    <message>
        <source>Log out and delete my files</source>
        <translation>Logga ut och radera mina filer</translation>
    </message>
    <message>
        <source>More time</source>
        <translation>Mer tid</translation>
    </message>
    <message>
        <source>My account</source>
        <translation>Mitt konto</translation>
    </message>
    <message>
        <source>My account: loans, holds and fees</source>
        <translation>Mitt konto: lån, reservationer och avgifter</translation>
    </message>
    <message>
        <source>No programs are set up on this computer yet.</source>
        <translation>Det finns inga program på den här datorn än.</translation>
    </message>
    <message>
        <source>Open {program}</source>
        <translation>Öppna {program}</translation>
    </message>
    <message>
        <source>Reserve a computer</source>
        <translation>Boka en dator</translation>
    </message>
    <message>
        <source>Reserve a computer for later today</source>
        <translation>Boka en dator för senare i dag</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Tid kvar</translation>
    </message>
    <message>
        <source>Time left: {time}</source>
        <translation>Tid kvar: {time}</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Välkommen</translation>
    </message>
</context>
<context>
    <name>SlideShow</name>
    <message>
        <source>Continue</source>
        <translation>Fortsätt</translation>
    </message>
    <message>
        <source>Continue the slideshow</source>
        <translation>Fortsätt bildspelet</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausa</translation>
    </message>
    <message>
        <source>Pause the slideshow</source>
        <translation>Pausa bildspelet</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausat</translation>
    </message>
    <message>
        <source>Slide {number} of {count}</source>
        <translation>Bild {number} av {count}</translation>
    </message>
</context>
<context>
    <name>StartingScreen</name>
    <message>
        <source>Starting…</source>
        <translation>Startar…</translation>
    </message>
    <message>
        <source>Please wait a moment.</source>
        <translation>Vänta en stund.</translation>
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
        <translation>Nätanslutning: fungerar</translation>
    </message>
    <message>
        <source>Network: not connected</source>
        <translation>Nätanslutning: ingen anslutning</translation>
    </message>
    <message>
        <source>Card reader: working</source>
        <translation>Kortläsare: fungerar</translation>
    </message>
    <message>
        <source>Card reader: needs attention</source>
        <translation>Kortläsare: behöver kontrolleras</translation>
    </message>
    <message>
        <source>Card reader: not working</source>
        <translation>Kortläsare: fungerar inte</translation>
    </message>
    <message>
        <source>Card reader: not in use</source>
        <translation>Kortläsare: används inte</translation>
    </message>
    <message>
        <source>Printer: working</source>
        <translation>Skrivare: fungerar</translation>
    </message>
    <message>
        <source>Printer: needs attention</source>
        <translation>Skrivare: behöver kontrolleras</translation>
    </message>
    <message>
        <source>Printer: not working</source>
        <translation>Skrivare: fungerar inte</translation>
    </message>
    <message>
        <source>Printer: not in use</source>
        <translation>Skrivare: används inte</translation>
    </message>
    <message>
        <source>Printer: paper running low</source>
        <translation>Skrivare: papperet håller på att ta slut</translation>
    </message>
    <message>
        <source>Printer: out of paper</source>
        <translation>Skrivare: papperet är slut</translation>
    </message>
    <message>
        <source>Downloading new content: {percent} %</source>
        <translation>Nytt innehåll hämtas: {percent} %</translation>
    </message>
</context>
<context>
    <name>SupportActions</name>
    <message>
        <source>Book a time with a digital support adviser</source>
        <translation>Boka tid hos en handledare för digistöd</translation>
    </message>
    <message>
        <source>Book an adviser</source>
        <translation>Boka handledare</translation>
    </message>
    <message>
        <source>Digital support</source>
        <translation>Digistöd</translation>
    </message>
    <message>
        <source>Guides</source>
        <translation>Guider</translation>
    </message>
    <message>
        <source>Guides: step-by-step help</source>
        <translation>Guider: hjälp steg för steg</translation>
    </message>
    <message>
        <source>Help me now</source>
        <translation>Hjälp nu</translation>
    </message>
    <message>
        <source>Help me now: an adviser comes to this computer</source>
        <translation>Hjälp nu: en handledare kommer till den här datorn</translation>
    </message>
    <message>
        <source>Need help?</source>
        <translation>Behöver du hjälp?</translation>
    </message>
</context>
<context>
    <name>TextSizeButton</name>
    <message>
        <source>Larger text</source>
        <translation>Större text</translation>
    </message>
    <message>
        <source>Makes all text on the screen bigger</source>
        <translation>Gör all text på skärmen större</translation>
    </message>
</context>
<context>
    <name>WarningOverlay</name>
    <message>
        <source>Ask for more time</source>
        <translation>Be om mer tid</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Fortsätt</translation>
    </message>
    <message>
        <source>Continue, I am still here</source>
        <translation>Fortsätt, jag är kvar</translation>
    </message>
    <message>
        <source>More time</source>
        <translation>Mer tid</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Jag förstår</translation>
    </message>
    <message>
        <source>OK, close the warning</source>
        <translation>Jag förstår, stäng varningen</translation>
    </message>
</context>
<context>
    <name>WarningTexts</name>
    <message>
        <source>Are you still there?</source>
        <translation>Är du kvar?</translation>
    </message>
    <message>
        <source>Are you still there? Touch the screen or press any key, or you will be logged out.</source>
        <translation>Är du kvar? Tryck på skärmen eller på valfri tangent. Annars loggas du ut.</translation>
    </message>
    <message>
        <source>Less than a minute left</source>
        <translation>Mindre än en minut kvar</translation>
    </message>
    <message>
        <source>Save your work now. Everything on this computer is deleted when the time is up.</source>
        <translation>Spara ditt arbete nu. Allt på den här datorn raderas när tiden är slut.</translation>
    </message>
    <message>
        <source>Save your work. If you need more time, press More time.</source>
        <translation>Spara ditt arbete. Om du behöver mer tid, tryck på Mer tid.</translation>
    </message>
    <message>
        <source>Save your work. You will be logged out when the time is up.</source>
        <translation>Spara ditt arbete. Du loggas ut när tiden är slut.</translation>
    </message>
    <message>
        <source>Touch the screen or press any key. Logging out in {time}.</source>
        <translation>Tryck på skärmen eller på valfri tangent. Du loggas ut om {time}.</translation>
    </message>
    <message>
        <source>{minutes} minutes left</source>
        <translation>{minutes} minuter kvar</translation>
    </message>
    <message>
        <source>Please save your work. You will be logged out when the library closes.</source>
        <translation>Spara ditt arbete. Du loggas ut när biblioteket stänger.</translation>
    </message>
    <message>
        <source>Please save your work. You will be logged out when the library closes, and this computer switches off at {time}.</source>
        <translation>Spara ditt arbete. Du loggas ut när biblioteket stänger, och den här datorn stängs av klockan {time}.</translation>
    </message>
    <message>
        <source>The library closes at {time}</source>
        <translation>Biblioteket stänger klockan {time}</translation>
    </message>
    <message>
        <source>The library closes soon</source>
        <translation>Biblioteket stänger snart</translation>
    </message>
</context>
</TS>
