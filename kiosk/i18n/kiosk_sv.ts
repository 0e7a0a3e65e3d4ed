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
    <name>IdleScreen</name>
    <message>
        <source>Tap your phone or scan your library card</source>
        <translation>Håll telefonen mot läsaren eller skanna ditt bibliotekskort</translation>
    </message>
    <message>
        <source>Need help? Ask the library staff.</source>
        <translation>Behöver du hjälp? Fråga bibliotekets personal.</translation>
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
</context>
</TS>
