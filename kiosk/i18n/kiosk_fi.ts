<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fi_FI" sourcelanguage="en_GB">
<context>
    <name>AccountOverlay</name>
    <message>
        <source>Close</source>
        <translation>Sulje</translation>
    </message>
    <message>
        <source>Close my account</source>
        <translation>Sulje omat tiedot</translation>
    </message>
    <message>
        <source>Fees to pay: {amount}</source>
        <translation>Maksettavaa: {amount}</translation>
    </message>
    <message>
        <source>Loading your account…</source>
        <translation>Haetaan tietojasi…</translation>
    </message>
    <message>
        <source>Loans, holds and fees</source>
        <translation>Lainat, varaukset ja maksut</translation>
    </message>
    <message>
        <source>Loans: {count}</source>
        <translation>Lainat: {count}</translation>
    </message>
    <message>
        <source>My account</source>
        <translation>Omat tiedot</translation>
    </message>
    <message>
        <source>Nothing is waiting for you right now.</source>
        <translation>Sinulle ei ole nyt mitään noudettavaa.</translation>
    </message>
    <message>
        <source>Other holds on the way: {count}</source>
        <translation>Muita varauksia tulossa: {count}</translation>
    </message>
    <message>
        <source>Ready to pick up: {count}</source>
        <translation>Noudettavissa: {count}</translation>
    </message>
    <message>
        <source>You have no fees to pay.</source>
        <translation>Sinulla ei ole maksettavaa.</translation>
    </message>
    <message>
        <source>You have no loans.</source>
        <translation>Sinulla ei ole lainoja.</translation>
    </message>
    <message>
        <source>{title} – at {place}</source>
        <translation>{title} – noutopaikka {place}</translation>
    </message>
    <message>
        <source>{title} – at {place}, pick up by {date}</source>
        <translation>{title} – noutopaikka {place}, nouda viimeistään {date}</translation>
    </message>
    <message>
        <source>{title} – due {date}</source>
        <translation>{title} – eräpäivä {date}</translation>
    </message>
    <message>
        <source>{title} – pick up by {date}</source>
        <translation>{title} – nouda viimeistään {date}</translation>
    </message>
    <message>
        <source>{title} – was due {date} (late)</source>
        <translation>{title} – eräpäivä oli {date} (myöhässä)</translation>
    </message>
</context>
<context>
    <name>AnnouncementRow</name>
    <message>
        <source>Important</source>
        <translation>Tärkeää</translation>
    </message>
</context>
<context>
    <name>BookingScreen</name>
    <message>
        <source>An adviser helps you one to one, for free.</source>
        <translation>Neuvoja auttaa sinua kahden kesken. Apu on maksutonta.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Takaisin</translation>
    </message>
    <message>
        <source>Back to the previous question</source>
        <translation>Takaisin edelliseen kysymykseen</translation>
    </message>
    <message>
        <source>Book</source>
        <translation>Varaa</translation>
    </message>
    <message>
        <source>Book an adviser</source>
        <translation>Varaa aika neuvojalle</translation>
    </message>
    <message>
        <source>Book this time</source>
        <translation>Varaa tämä aika</translation>
    </message>
    <message>
        <source>Booking code</source>
        <translation>Varaustunnus</translation>
    </message>
    <message>
        <source>Booking code: {code}</source>
        <translation>Varaustunnus: {code}</translation>
    </message>
    <message>
        <source>Booking…</source>
        <translation>Varataan…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Peruuta</translation>
    </message>
    <message>
        <source>Cancel booking</source>
        <translation>Peruuta varaaminen</translation>
    </message>
    <message>
        <source>Check the details. Then press Book.</source>
        <translation>Tarkista tiedot. Paina sitten Varaa.</translation>
    </message>
    <message>
        <source>Choose a start time.</source>
        <translation>Valitse alkamisaika.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Valmis</translation>
    </message>
    <message>
        <source>Done: close the booking</source>
        <translation>Valmis: sulje varaus</translation>
    </message>
    <message>
        <source>For a reminder before the appointment.</source>
        <translation>Saat muistutuksen ennen tapaamista.</translation>
    </message>
    <message>
        <source>From {start} to {end}</source>
        <translation>Klo {start}–{end}</translation>
    </message>
    <message>
        <source>In which language?</source>
        <translation>Millä kielellä?</translation>
    </message>
    <message>
        <source>In which library?</source>
        <translation>Missä kirjastossa?</translation>
    </message>
    <message>
        <source>Is this right?</source>
        <translation>Onko tämä oikein?</translation>
    </message>
    <message>
        <source>Keep this code to cancel or change the booking.</source>
        <translation>Säilytä tunnus. Tarvitset sitä, jos haluat perua tai muuttaa varauksen.</translation>
    </message>
    <message>
        <source>Language: {language}</source>
        <translation>Kieli: {language}</translation>
    </message>
    <message>
        <source>Looking for free times…</source>
        <translation>Etsitään vapaita aikoja…</translation>
    </message>
    <message>
        <source>Name: {name}</source>
        <translation>Nimi: {name}</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Seuraava</translation>
    </message>
    <message>
        <source>Next question</source>
        <translation>Seuraava kysymys</translation>
    </message>
    <message>
        <source>Phone number or e-mail</source>
        <translation>Puhelinnumero tai sähköposti</translation>
    </message>
    <message>
        <source>Phone number or e-mail (you can leave this empty)</source>
        <translation>Puhelinnumero tai sähköposti (voit jättää tyhjäksi)</translation>
    </message>
    <message>
        <source>Place: {place}</source>
        <translation>Paikka: {place}</translation>
    </message>
    <message>
        <source>Reminder to: {contact}</source>
        <translation>Muistutus: {contact}</translation>
    </message>
    <message>
        <source>The language the adviser speaks with you.</source>
        <translation>Kieli, jota neuvoja puhuu kanssasi.</translation>
    </message>
    <message>
        <source>These days have free times.</source>
        <translation>Näinä päivinä on vapaita aikoja.</translation>
    </message>
    <message>
        <source>Time: {time}</source>
        <translation>Aika: {time}</translation>
    </message>
    <message>
        <source>Topic: {topic}</source>
        <translation>Aihe: {topic}</translation>
    </message>
    <message>
        <source>What do you need help with?</source>
        <translation>Missä tarvitset apua?</translation>
    </message>
    <message>
        <source>What time?</source>
        <translation>Mihin aikaan?</translation>
    </message>
    <message>
        <source>Where you meet the adviser.</source>
        <translation>Paikka, jossa tapaat neuvojan.</translation>
    </message>
    <message>
        <source>Which day?</source>
        <translation>Minä päivänä?</translation>
    </message>
    <message>
        <source>Who is coming?</source>
        <translation>Kuka tulee?</translation>
    </message>
    <message>
        <source>Your name and contact details are deleted after the appointment.</source>
        <translation>Nimesi ja yhteystietosi poistetaan tapaamisen jälkeen.</translation>
    </message>
    <message>
        <source>Your name or a nickname</source>
        <translation>Nimesi tai lempinimesi</translation>
    </message>
    <message>
        <source>Your time is booked</source>
        <translation>Aikasi on varattu</translation>
    </message>
    <message>
        <source>today, {date}</source>
        <translation>tänään, {date}</translation>
    </message>
    <message>
        <source>tomorrow, {date}</source>
        <translation>huomenna, {date}</translation>
    </message>
    <message>
        <source>{day} at {start}–{end}</source>
        <translation>{day} klo {start}–{end}</translation>
    </message>
    <message>
        <source>{place}. Your adviser is {name}.</source>
        <translation>{place}. Neuvojasi on {name}.</translation>
    </message>
</context>
<context>
    <name>ConfirmLogoutOverlay</name>
    <message>
        <source>Log out now?</source>
        <translation>Haluatko kirjautua ulos nyt?</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Ei</translation>
    </message>
    <message>
        <source>No, keep using the computer</source>
        <translation>Ei, jatkan tietokoneen käyttöä</translation>
    </message>
    <message>
        <source>Yes, log out</source>
        <translation>Kyllä, kirjaudu ulos</translation>
    </message>
    <message>
        <source>Yes, log out now</source>
        <translation>Kyllä, kirjaudu ulos nyt</translation>
    </message>
    <message>
        <source>Your files and everything else you did on this computer will be deleted.</source>
        <translation>Tiedostosi ja kaikki muu, mitä teit tällä tietokoneella, poistetaan.</translation>
    </message>
</context>
<context>
    <name>GuidesScreen</name>
    <message>
        <source>1 guide found.</source>
        <translation>Löytyi 1 ohje.</translation>
    </message>
    <message>
        <source>All guides</source>
        <translation>Kaikki ohjeet</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Takaisin</translation>
    </message>
    <message>
        <source>Back to all guides</source>
        <translation>Takaisin kaikkiin ohjeisiin</translation>
    </message>
    <message>
        <source>Back to all guides without answering</source>
        <translation>Takaisin ohjeisiin vastaamatta</translation>
    </message>
    <message>
        <source>Choose a guide, or search with a word.</source>
        <translation>Valitse ohje tai hae sanalla.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Tyhjennä</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>Tyhjennä haku</translation>
    </message>
    <message>
        <source>Close guides</source>
        <translation>Sulje ohjeet</translation>
    </message>
    <message>
        <source>Close the guides</source>
        <translation>Sulje ohjeet ja palaa alkuun</translation>
    </message>
    <message>
        <source>Did this guide help you?</source>
        <translation>Auttoiko ohje sinua?</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Valmis</translation>
    </message>
    <message>
        <source>Done: finish the guide</source>
        <translation>Valmis: lopeta ohje</translation>
    </message>
    <message>
        <source>For example: e-mail, bank, printing</source>
        <translation>Esimerkiksi: sähköposti, pankki, tulostus</translation>
    </message>
    <message>
        <source>Guides</source>
        <translation>Ohjeet</translation>
    </message>
    <message>
        <source>Help me now</source>
        <translation>Apua nyt</translation>
    </message>
    <message>
        <source>Help me now: an adviser comes to this computer</source>
        <translation>Apua nyt: neuvoja tulee tämän tietokoneen luo</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Seuraava</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Seuraava vaihe</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Ei</translation>
    </message>
    <message>
        <source>No guides found. Try another word, or ask for help.</source>
        <translation>Ohjeita ei löytynyt. Kokeile toista sanaa tai pyydä apua.</translation>
    </message>
    <message>
        <source>No, the guide did not help</source>
        <translation>Ei, ohje ei auttanut</translation>
    </message>
    <message>
        <source>Picture</source>
        <translation>Kuva</translation>
    </message>
    <message>
        <source>Previous step</source>
        <translation>Edellinen vaihe</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <translation>Lue ääneen</translation>
    </message>
    <message>
        <source>Read this step aloud</source>
        <translation>Lue tämä vaihe ääneen</translation>
    </message>
    <message>
        <source>Search the guides</source>
        <translation>Hae ohjeista</translation>
    </message>
    <message>
        <source>Search with a word</source>
        <translation>Hae sanalla</translation>
    </message>
    <message>
        <source>Step {number} of {total}</source>
        <translation>Vaihe {number}/{total}</translation>
    </message>
    <message>
        <source>Thank you for your answer.</source>
        <translation>Kiitos vastauksestasi.</translation>
    </message>
    <message>
        <source>Thank you for your answer. An adviser can help you in person.</source>
        <translation>Kiitos vastauksestasi. Neuvoja voi auttaa sinua myös henkilökohtaisesti.</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Kyllä</translation>
    </message>
    <message>
        <source>Yes, the guide helped</source>
        <translation>Kyllä, ohje auttoi</translation>
    </message>
    <message>
        <source>You reached the end of the guide.</source>
        <translation>Olet ohjeen lopussa.</translation>
    </message>
    <message>
        <source>{count} guides found.</source>
        <translation>Löytyi {count} ohjetta.</translation>
    </message>
</context>
<context>
    <name>HelpPanel</name>
    <message>
        <source>Cancel</source>
        <translation>Peruuta</translation>
    </message>
    <message>
        <source>Cancel my help request</source>
        <translation>Peruuta avunpyyntöni</translation>
    </message>
    <message>
        <source>Leave the queue?</source>
        <translation>Haluatko poistua jonosta?</translation>
    </message>
    <message>
        <source>No, keep my number</source>
        <translation>Ei, pidän vuoronumeroni</translation>
    </message>
    <message>
        <source>No, keep my place in the queue</source>
        <translation>Ei, pidän paikkani jonossa</translation>
    </message>
    <message>
        <source>Print my number</source>
        <translation>Tulosta vuoronumero</translation>
    </message>
    <message>
        <source>Print my queue number</source>
        <translation>Tulosta vuoronumeroni</translation>
    </message>
    <message>
        <source>Yes, leave</source>
        <translation>Kyllä, poistu</translation>
    </message>
    <message>
        <source>Yes, leave the queue</source>
        <translation>Kyllä, poistun jonosta</translation>
    </message>
    <message>
        <source>Your number</source>
        <translation>Vuoronumerosi</translation>
    </message>
</context>
<context>
    <name>HelpTexts</name>
    <message>
        <source>1 person is before you.</source>
        <translation>Ennen sinua on 1 henkilö.</translation>
    </message>
    <message>
        <source>About {minutes} minutes.</source>
        <translation>Noin {minutes} minuuttia.</translation>
    </message>
    <message>
        <source>An adviser is coming to you now.</source>
        <translation>Neuvoja tulee luoksesi nyt.</translation>
    </message>
    <message>
        <source>An adviser will come to this computer.</source>
        <translation>Neuvoja tulee tämän tietokoneen luo.</translation>
    </message>
    <message>
        <source>It will not take long.</source>
        <translation>Vuorosi tulee pian.</translation>
    </message>
    <message>
        <source>You are next.</source>
        <translation>Olet seuraavana vuorossa.</translation>
    </message>
    <message>
        <source>Your number is {number}</source>
        <translation>Vuoronumerosi on {number}</translation>
    </message>
    <message>
        <source>{count} people are before you.</source>
        <translation>Ennen sinua on {count} henkilöä.</translation>
    </message>
    <message>
        <source>{name} is coming to you now.</source>
        <translation>{name} tulee luoksesi nyt.</translation>
    </message>
</context>
<context>
    <name>HelpTopicScreen</name>
    <message>
        <source>An adviser comes to this computer. What do you need help with?</source>
        <translation>Neuvoja tulee tämän tietokoneen luo. Missä tarvitset apua?</translation>
    </message>
    <message>
        <source>Asking for help…</source>
        <translation>Pyydetään apua…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Peruuta</translation>
    </message>
    <message>
        <source>Cancel: do not ask for help</source>
        <translation>Peruuta: älä pyydä apua</translation>
    </message>
    <message>
        <source>Choosing a topic helps the adviser. You can also skip this question.</source>
        <translation>Aihe auttaa neuvojaa valmistautumaan. Voit myös ohittaa kysymyksen.</translation>
    </message>
    <message>
        <source>Help me now</source>
        <translation>Apua nyt</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Ohita</translation>
    </message>
    <message>
        <source>Skip the topic and ask for help</source>
        <translation>Ohita aihe ja pyydä apua</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Aiheet</translation>
    </message>
</context>
<context>
    <name>HoursPanel</name>
    <message>
        <source>Opening hours</source>
        <translation>Aukioloajat</translation>
    </message>
</context>
<context>
    <name>IdleScreen</name>
    <message>
        <source>Tap your phone or scan your library card</source>
        <translation>Kosketa lukijaa puhelimellasi tai skannaa kirjastokorttisi</translation>
    </message>
    <message>
        <source>Welcome to the library</source>
        <translation>Tervetuloa kirjastoon</translation>
    </message>
    <message>
        <source>Closed today</source>
        <translation>Tänään suljettu</translation>
    </message>
    <message>
        <source>Open today {opens}–{closes}</source>
        <translation>Avoinna tänään {opens}–{closes}</translation>
    </message>
    <message>
        <source>Guest pass</source>
        <translation>Vierastunnus</translation>
    </message>
    <message>
        <source>Log in with a guest pass code</source>
        <translation>Kirjaudu vierastunnuksen koodilla</translation>
    </message>
    <message>
        <source>This computer is reserved from {time}</source>
        <translation>Tämä tietokone on varattu klo {time} alkaen</translation>
    </message>
    <message>
        <source>This computer is reserved now.</source>
        <translation>Tämä tietokone on nyt varattu.</translation>
    </message>
    <message>
        <source>Type your card number</source>
        <translation>Kirjoita kortin numero</translation>
    </message>
    <message>
        <source>Type your library card number</source>
        <translation>Kirjoita kirjastokorttisi numero</translation>
    </message>
</context>
<context>
    <name>InfoTexts</name>
    <message>
        <source>Closed</source>
        <translation>Suljettu</translation>
    </message>
    <message>
        <source>Closed now</source>
        <translation>Nyt suljettu</translation>
    </message>
    <message>
        <source>Closed now, opens at {time}</source>
        <translation>Nyt suljettu, avautuu klo {time}</translation>
    </message>
    <message>
        <source>Closed now, opens on {day} at {time}</source>
        <translation>Nyt suljettu, avautuu {day} klo {time}</translation>
    </message>
    <message>
        <source>Closed now, opens tomorrow at {time}</source>
        <translation>Nyt suljettu, avautuu huomenna klo {time}</translation>
    </message>
    <message>
        <source>Closes at {time}</source>
        <translation>Sulkeutuu klo {time}</translation>
    </message>
    <message>
        <source>Closes on {day} at {time}</source>
        <translation>Sulkeutuu {day} klo {time}</translation>
    </message>
    <message>
        <source>Closes tomorrow at {time}</source>
        <translation>Sulkeutuu huomenna klo {time}</translation>
    </message>
    <message>
        <source>Open until midnight</source>
        <translation>Avoinna keskiyöhön asti</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Tänään</translation>
    </message>
    <message>
        <source>Open around the clock</source>
        <translation>Avoinna ympäri vuorokauden</translation>
    </message>
    <message>
        <source>Open until midnight on {day}</source>
        <translation>Avoinna {day} keskiyöhön asti</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Erase</source>
        <translation>Pyyhi</translation>
    </message>
    <message>
        <source>Erase the last character</source>
        <translation>Pyyhi viimeinen merkki</translation>
    </message>
    <message>
        <source>Number keys</source>
        <translation>Numeronäppäimet</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>OK, continue</source>
        <translation>OK, jatka</translation>
    </message>
</context>
<context>
    <name>LanguageBar</name>
    <message>
        <source>Choose language</source>
        <translation>Valitse kieli</translation>
    </message>
</context>
<context>
    <name>LockedScreen</name>
    <message>
        <source>This computer is locked</source>
        <translation>Tämä tietokone on lukittu</translation>
    </message>
    <message>
        <source>Message from the library:</source>
        <translation>Viesti kirjastolta:</translation>
    </message>
    <message>
        <source>Please use another computer or ask the library staff.</source>
        <translation>Käytä toista tietokonetta tai kysy kirjaston henkilökunnalta.</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <source>Cancel</source>
        <translation>Peruuta</translation>
    </message>
    <message>
        <source>Cancel and go back</source>
        <translation>Peruuta ja palaa alkuun</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Tarkistetaan…</translation>
    </message>
    <message>
        <source>Guest pass code</source>
        <translation>Vierastunnuksen koodi</translation>
    </message>
    <message>
        <source>Guest pass {card}</source>
        <translation>Vierastunnus {card}</translation>
    </message>
    <message>
        <source>Library card number</source>
        <translation>Kirjastokortin numero</translation>
    </message>
    <message>
        <source>Library card {card}</source>
        <translation>Kirjastokortti {card}</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN-koodi</translation>
    </message>
    <message>
        <source>The code is on the paper you got from the staff. Type the letters with the keyboard.</source>
        <translation>Koodi on paperissa, jonka sait henkilökunnalta. Kirjoita kirjaimet näppäimistöllä.</translation>
    </message>
    <message>
        <source>The number is under the barcode. You can also scan the card.</source>
        <translation>Numero on viivakoodin alla. Voit myös skannata kortin.</translation>
    </message>
    <message>
        <source>Type your PIN</source>
        <translation>Näppäile PIN-koodisi</translation>
    </message>
    <message>
        <source>Type your guest pass code</source>
        <translation>Kirjoita vierastunnuksen koodi</translation>
    </message>
    <message>
        <source>Type your library card number</source>
        <translation>Kirjoita kirjastokorttisi numero</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Library computer</source>
        <translation>Kirjaston tietokone</translation>
    </message>
</context>
<context>
    <name>MessageOverlay</name>
    <message>
        <source>Message from the library staff</source>
        <translation>Viesti kirjaston henkilökunnalta</translation>
    </message>
    <message>
        <source>OK, close</source>
        <translation>Selvä, sulje</translation>
    </message>
    <message>
        <source>Close the message</source>
        <translation>Sulje viesti</translation>
    </message>
</context>
<context>
    <name>NotRegisteredScreen</name>
    <message>
        <source>This computer is not registered</source>
        <translation>Tätä tietokonetta ei ole rekisteröity</translation>
    </message>
    <message>
        <source>Please contact library staff or IT.</source>
        <translation>Ota yhteyttä kirjaston henkilökuntaan tai IT-tukeen.</translation>
    </message>
    <message>
        <source>Computer name: {hostname}</source>
        <translation>Tietokoneen nimi: {hostname}</translation>
    </message>
</context>
<context>
    <name>NoticePanel</name>
    <message>
        <source>Close</source>
        <translation>Sulje</translation>
    </message>
    <message>
        <source>Close this message</source>
        <translation>Sulje tämä viesti</translation>
    </message>
</context>
<context>
    <name>NoticeTexts</name>
    <message>
        <source>All the time on this guest pass is used. Ask the staff for a new one.</source>
        <translation>Vierastunnuksen aika on käytetty. Pyydä henkilökunnalta uusi tunnus.</translation>
    </message>
    <message>
        <source>Hold the phone on the reader a little longer.</source>
        <translation>Pidä puhelinta lukijan päällä vähän pidempään.</translation>
    </message>
    <message>
        <source>No computer is free at that time. Please choose another time.</source>
        <translation>Silloin ei ole vapaata tietokonetta. Valitse toinen aika.</translation>
    </message>
    <message>
        <source>Someone reserved that time just now. Please choose another time.</source>
        <translation>Joku varasi juuri sen ajan. Valitse toinen aika.</translation>
    </message>
    <message>
        <source>That did not work. Please ask the library staff.</source>
        <translation>Se ei onnistunut. Kysy apua kirjaston henkilökunnalta.</translation>
    </message>
    <message>
        <source>The PIN is wrong. Please try again.</source>
        <translation>PIN-koodi on väärä. Yritä uudelleen.</translation>
    </message>
    <message>
        <source>The code could not be read. Please try again.</source>
        <translation>Koodia ei voitu lukea. Yritä uudelleen.</translation>
    </message>
    <message>
        <source>The code on your phone is too old. Open the card in the app again.</source>
        <translation>Puhelimesi koodi on liian vanha. Avaa kortti sovelluksessa uudelleen.</translation>
    </message>
    <message>
        <source>The computer could not be started for you. Please try again or ask the staff.</source>
        <translation>Tietokoneen käyttöä ei voitu aloittaa. Yritä uudelleen tai kysy henkilökunnalta.</translation>
    </message>
    <message>
        <source>The library is closed or closes soon. You cannot log in now.</source>
        <translation>Kirjasto on suljettu tai sulkeutuu pian. Et voi kirjautua nyt.</translation>
    </message>
    <message>
        <source>The library is not open for all of that time. Please choose an earlier time.</source>
        <translation>Kirjasto ei ole auki koko sitä aikaa. Valitse aikaisempi aika.</translation>
    </message>
    <message>
        <source>The library's network is not working right now. Log in with the digital card in the Helsinki app, or ask the staff.</source>
        <translation>Kirjaston verkko ei nyt toimi. Kirjaudu Helsinki-sovelluksen digitaalisella kortilla tai kysy henkilökunnalta.</translation>
    </message>
    <message>
        <source>The library's network is not working right now. Please try again later or ask the staff.</source>
        <translation>Kirjaston verkko ei nyt toimi. Yritä myöhemmin uudelleen tai kysy henkilökunnalta.</translation>
    </message>
    <message>
        <source>The network is not working, so you cannot get more time now.</source>
        <translation>Verkko ei toimi, joten et voi nyt saada lisäaikaa.</translation>
    </message>
    <message>
        <source>The network is not working, so you cannot reserve a computer now.</source>
        <translation>Verkko ei toimi, joten et voi nyt varata tietokonetta.</translation>
    </message>
    <message>
        <source>The network is not working, so your account cannot be shown now.</source>
        <translation>Verkko ei toimi, joten tietojasi ei voi nyt näyttää.</translation>
    </message>
    <message>
        <source>The number is not right. Check it and type it again.</source>
        <translation>Numero ei ole oikein. Tarkista numero ja kirjoita se uudelleen.</translation>
    </message>
    <message>
        <source>The program did not open. Please try again or ask the staff.</source>
        <translation>Ohjelma ei avautunut. Yritä uudelleen tai kysy henkilökunnalta.</translation>
    </message>
    <message>
        <source>This card cannot be used here. Scan the barcode of your library card, or use the digital card in the app.</source>
        <translation>Tätä korttia ei voi käyttää tässä. Skannaa kirjastokorttisi viivakoodi tai käytä sovelluksen digitaalista korttia.</translation>
    </message>
    <message>
        <source>This card cannot be used. Please ask the library staff.</source>
        <translation>Tätä korttia ei voi käyttää. Kysy kirjaston henkilökunnalta.</translation>
    </message>
    <message>
        <source>This card is not known. Check the number or ask the library staff.</source>
        <translation>Korttia ei tunneta. Tarkista numero tai kysy kirjaston henkilökunnalta.</translation>
    </message>
    <message>
        <source>This code has already been used. Show a new code from the app.</source>
        <translation>Tämä koodi on jo käytetty. Näytä uusi koodi sovelluksesta.</translation>
    </message>
    <message>
        <source>This code was made for another computer. Show a new code here.</source>
        <translation>Tämä koodi on tehty toiselle tietokoneelle. Näytä uusi koodi tähän.</translation>
    </message>
    <message>
        <source>This computer has an age limit. Please ask the library staff.</source>
        <translation>Tällä tietokoneella on ikäraja. Kysy kirjaston henkilökunnalta.</translation>
    </message>
    <message>
        <source>This computer is not ready yet. Please wait a moment or ask the staff.</source>
        <translation>Tämä tietokone ei ole vielä valmis. Odota hetki tai kysy henkilökunnalta.</translation>
    </message>
    <message>
        <source>This computer is switching off. Please use another computer.</source>
        <translation>Tämä tietokone sammuu. Käytä toista tietokonetta.</translation>
    </message>
    <message>
        <source>This computer is reserved for someone else. Please use another computer.</source>
        <translation>Tämä tietokone on varattu toiselle. Käytä toista tietokonetta.</translation>
    </message>
    <message>
        <source>This digital card cannot be used any more. Please ask the library staff.</source>
        <translation>Tätä digitaalista korttia ei voi enää käyttää. Kysy kirjaston henkilökunnalta.</translation>
    </message>
    <message>
        <source>This digital card cannot be used. Please ask the library staff.</source>
        <translation>Tätä digitaalista korttia ei voi käyttää. Kysy kirjaston henkilökunnalta.</translation>
    </message>
    <message>
        <source>This guest pass is no longer valid. Ask the staff for a new one.</source>
        <translation>Vierastunnus ei ole enää voimassa. Pyydä henkilökunnalta uusi tunnus.</translation>
    </message>
    <message>
        <source>This program is not available on this computer.</source>
        <translation>Tätä ohjelmaa ei ole tällä tietokoneella.</translation>
    </message>
    <message>
        <source>The library is switching this computer off. Save your work now: you will be logged out in a minute.</source>
        <translation>Kirjasto sammuttaa tämän tietokoneen. Tallenna työsi nyt: sinut kirjataan ulos minuutin kuluttua.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Wait a moment and try again.</source>
        <translation>Liian monta väärää PIN-koodia. Odota hetki ja yritä uudelleen.</translation>
    </message>
    <message>
        <source>Type the number first.</source>
        <translation>Kirjoita ensin numero.</translation>
    </message>
    <message>
        <source>Type your PIN first.</source>
        <translation>Näppäile ensin PIN-koodisi.</translation>
    </message>
    <message>
        <source>You are already logged in on another computer. Log out there first.</source>
        <translation>Olet jo kirjautunut toiselle tietokoneelle. Kirjaudu ensin ulos siitä.</translation>
    </message>
    <message>
        <source>You can try again in {minutes} min.</source>
        <translation>Voit yrittää uudelleen {minutes} minuutin päästä.</translation>
    </message>
    <message>
        <source>You cannot get more time now. Save your work.</source>
        <translation>Et voi nyt saada lisäaikaa. Tallenna työsi.</translation>
    </message>
    <message>
        <source>You got more time.</source>
        <translation>Sait lisäaikaa.</translation>
    </message>
    <message>
        <source>You got {minutes} more minutes.</source>
        <translation>Sait {minutes} minuuttia lisäaikaa.</translation>
    </message>
    <message>
        <source>You have unpaid fees. Please pay them at the library first.</source>
        <translation>Sinulla on maksamattomia maksuja. Maksa ne ensin kirjastossa.</translation>
    </message>
    <message>
        <source>You have used all your computer time for today. Welcome back tomorrow.</source>
        <translation>Olet käyttänyt kaiken tämän päivän tietokoneaikasi. Tervetuloa taas huomenna.</translation>
    </message>
    <message>
        <source>You need a library card to reserve a computer.</source>
        <translation>Tietokoneen varaamiseen tarvitset kirjastokortin.</translation>
    </message>
    <message>
        <source>Your account cannot be shown with this way of logging in.</source>
        <translation>Tietojasi ei voi näyttää, kun olet kirjautunut tällä tavalla.</translation>
    </message>
    <message>
        <source>Your card cannot be checked right now. Please try again in a moment.</source>
        <translation>Korttiasi ei voi nyt tarkistaa. Yritä hetken päästä uudelleen.</translation>
    </message>
    <message>
        <source>Your digital card is no longer valid. Update it in the Helsinki app.</source>
        <translation>Digitaalinen korttisi ei ole enää voimassa. Päivitä se Helsinki-sovelluksessa.</translation>
    </message>
    <message>
        <source>Your library card is no longer valid. The library staff can renew it.</source>
        <translation>Kirjastokorttisi ei ole enää voimassa. Kirjaston henkilökunta voi uusia sen.</translation>
    </message>
    <message>
        <source>Your time on this computer has ended.</source>
        <translation>Aikasi tällä tietokoneella on päättynyt.</translation>
    </message>
    <message>
        <source>Check the e-mail address, for example aino@example.fi.</source>
        <translation>Tarkista sähköpostiosoite. Se on esimerkiksi muotoa aino@example.fi.</translation>
    </message>
    <message>
        <source>Check the phone number, for example 040 123 4567.</source>
        <translation>Tarkista puhelinnumero, esimerkiksi 040 123 4567.</translation>
    </message>
    <message>
        <source>Someone booked that time just now. Please choose another time.</source>
        <translation>Joku ehti varata sen ajan. Valitse toinen aika.</translation>
    </message>
    <message>
        <source>Take your number from the printer.</source>
        <translation>Ota vuoronumerosi tulostimesta.</translation>
    </message>
    <message>
        <source>Take your slip from the printer.</source>
        <translation>Ota varauslappu tulostimesta.</translation>
    </message>
    <message>
        <source>That time can no longer be booked. Please choose a later time.</source>
        <translation>Tätä aikaa ei voi enää varata. Valitse myöhäisempi aika.</translation>
    </message>
    <message>
        <source>That time cannot be booked yet. Please choose an earlier time.</source>
        <translation>Tätä aikaa ei voi vielä varata. Valitse aikaisempi aika.</translation>
    </message>
    <message>
        <source>That time is no longer free. Please choose another time.</source>
        <translation>Aika ei ole enää vapaa. Valitse toinen aika.</translation>
    </message>
    <message>
        <source>The guides cannot be shown right now. Please ask the library staff.</source>
        <translation>Ohjeita ei voi nyt näyttää. Kysy apua kirjaston henkilökunnalta.</translation>
    </message>
    <message>
        <source>The library's network is not working right now, so this cannot be done here. Please ask the library staff.</source>
        <translation>Kirjaston verkko ei toimi juuri nyt, joten tätä ei voi tehdä täällä. Kysy apua kirjaston henkilökunnalta.</translation>
    </message>
    <message>
        <source>The name is too long. Use at most 60 letters.</source>
        <translation>Nimi on liian pitkä. Käytä enintään 60 kirjainta.</translation>
    </message>
    <message>
        <source>The printer has no paper. Please tell the staff.</source>
        <translation>Tulostimen paperi on loppu. Kerro siitä henkilökunnalle.</translation>
    </message>
    <message>
        <source>The slip could not be printed: write the code down or take a photo. Staff can help.</source>
        <translation>Varauslappua ei voitu tulostaa. Kirjoita tunnus muistiin tai ota siitä kuva. Henkilökunta auttaa.</translation>
    </message>
    <message>
        <source>There are no free times for this topic in this language. Choose another language, or ask the library staff.</source>
        <translation>Tälle aiheelle ei ole vapaita aikoja tällä kielellä. Valitse toinen kieli tai kysy henkilökunnalta.</translation>
    </message>
    <message>
        <source>This computer has no printer.</source>
        <translation>Tässä tietokoneessa ei ole tulostinta.</translation>
    </message>
    <message>
        <source>Write your name or a nickname.</source>
        <translation>Kirjoita nimesi tai lempinimesi.</translation>
    </message>
    <message>
        <source>Your number could not be printed.</source>
        <translation>Vuoronumeroa ei voitu tulostaa.</translation>
    </message>
</context>
<context>
    <name>ReservationOverlay</name>
    <message>
        <source>Choose a start time today. You get the computer for {minutes} min.</source>
        <translation>Valitse alkamisaika tänään. Saat tietokoneen käyttöösi {minutes} minuutiksi.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sulje</translation>
    </message>
    <message>
        <source>Close reserving</source>
        <translation>Sulje varaaminen</translation>
    </message>
    <message>
        <source>Computer {computer} is reserved for you {start}–{end}.</source>
        <translation>Tietokone {computer} on varattu sinulle klo {start}–{end}.</translation>
    </message>
    <message>
        <source>Looking for free times…</source>
        <translation>Haetaan vapaita aikoja…</translation>
    </message>
    <message>
        <source>No computer is free to reserve today.</source>
        <translation>Tänään ei ole vapaita tietokoneita varattavaksi.</translation>
    </message>
    <message>
        <source>Reserve a computer</source>
        <translation>Varaa tietokone</translation>
    </message>
    <message>
        <source>Reserve from {time}</source>
        <translation>Varaa klo {time} alkaen</translation>
    </message>
    <message>
        <source>Reserving…</source>
        <translation>Varataan…</translation>
    </message>
</context>
<context>
    <name>SessionBar</name>
    <message>
        <source>Ask for more time</source>
        <translation>Pyydä lisäaikaa</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Jatka</translation>
    </message>
    <message>
        <source>Continue, I am still here</source>
        <translation>Jatka, olen vielä täällä</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Kirjaudu ulos</translation>
    </message>
    <message>
        <source>Log out and delete my files</source>
        <translation>Kirjaudu ulos ja poista tiedostoni</translation>
    </message>
    <message>
        <source>Log out now? Your files will be deleted.</source>
        <translation>Haluatko kirjautua ulos nyt? Tiedostosi poistetaan.</translation>
    </message>
    <message>
        <source>More time</source>
        <translation>Lisää aikaa</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Ei</translation>
    </message>
    <message>
        <source>No, keep using the computer</source>
        <translation>Ei, jatkan tietokoneen käyttöä</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Selvä</translation>
    </message>
    <message>
        <source>OK, close the warning</source>
        <translation>Selvä, sulje varoitus</translation>
    </message>
    <message>
        <source>Time left: {time}</source>
        <translation>Aikaa jäljellä: {time}</translation>
    </message>
    <message>
        <source>Yes, log out</source>
        <translation>Kyllä, kirjaudu ulos</translation>
    </message>
    <message>
        <source>Yes, log out now</source>
        <translation>Kyllä, kirjaudu ulos nyt</translation>
    </message>
    <message>
        <source>Your session</source>
        <translation>Käyttöaikasi</translation>
    </message>
</context>
<context>
    <name>SessionScreen</name>
    <message>
        <source>Ask for more time</source>
        <translation>Pyydä lisäaikaa</translation>
    </message>
    <message>
        <source>Choose a program</source>
        <translation>Valitse ohjelma</translation>
    </message>
    <message>
        <source>Hello, {name}</source>
        <translation>Hei, {name}</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Kirjaudu ulos</translation>
    </message>
    <message>
        <source>Log out and delete my files</source>
        <translation>Kirjaudu ulos ja poista tiedostoni</translation>
    </message>
    <message>
        <source>More time</source>
        <translation>Lisää aikaa</translation>
    </message>
    <message>
        <source>My account</source>
        <translation>Omat tiedot</translation>
    </message>
    <message>
        <source>My account: loans, holds and fees</source>
        <translation>Omat tiedot: lainat, varaukset ja maksut</translation>
    </message>
    <message>
        <source>No programs are set up on this computer yet.</source>
        <translation>Tällä tietokoneella ei ole vielä ohjelmia.</translation>
    </message>
    <message>
        <source>Open {program}</source>
        <translation>Avaa {program}</translation>
    </message>
    <message>
        <source>Reserve a computer</source>
        <translation>Varaa tietokone</translation>
    </message>
    <message>
        <source>Reserve a computer for later today</source>
        <translation>Varaa tietokone myöhemmäksi tänään</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Aikaa jäljellä</translation>
    </message>
    <message>
        <source>Time left: {time}</source>
        <translation>Aikaa jäljellä: {time}</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Tervetuloa</translation>
    </message>
</context>
<context>
    <name>SlideShow</name>
    <message>
        <source>Continue</source>
        <translation>Jatka</translation>
    </message>
    <message>
        <source>Continue the slideshow</source>
        <translation>Jatka diaesitystä</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pysäytä</translation>
    </message>
    <message>
        <source>Pause the slideshow</source>
        <translation>Pysäytä diaesitys</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pysäytetty</translation>
    </message>
    <message>
        <source>Slide {number} of {count}</source>
        <translation>Dia {number}, yhteensä {count}</translation>
    </message>
</context>
<context>
    <name>StartingScreen</name>
    <message>
        <source>Starting…</source>
        <translation>Käynnistyy…</translation>
    </message>
    <message>
        <source>Please wait a moment.</source>
        <translation>Odota hetki.</translation>
    </message>
</context>
<context>
    <name>StatusStrip</name>
    <message>
        <source>Status</source>
        <translation>Tila</translation>
    </message>
    <message>
        <source>Network: connected</source>
        <translation>Verkkoyhteys: toimii</translation>
    </message>
    <message>
        <source>Network: not connected</source>
        <translation>Verkkoyhteys: ei yhteyttä</translation>
    </message>
    <message>
        <source>Card reader: working</source>
        <translation>Kortinlukija: toimii</translation>
    </message>
    <message>
        <source>Card reader: needs attention</source>
        <translation>Kortinlukija: vaatii tarkistusta</translation>
    </message>
    <message>
        <source>Card reader: not working</source>
        <translation>Kortinlukija: ei toimi</translation>
    </message>
    <message>
        <source>Card reader: not in use</source>
        <translation>Kortinlukija: ei käytössä</translation>
    </message>
    <message>
        <source>Printer: working</source>
        <translation>Tulostin: toimii</translation>
    </message>
    <message>
        <source>Printer: needs attention</source>
        <translation>Tulostin: vaatii tarkistusta</translation>
    </message>
    <message>
        <source>Printer: not working</source>
        <translation>Tulostin: ei toimi</translation>
    </message>
    <message>
        <source>Printer: not in use</source>
        <translation>Tulostin: ei käytössä</translation>
    </message>
    <message>
        <source>Printer: paper running low</source>
        <translation>Tulostin: paperi on vähissä</translation>
    </message>
    <message>
        <source>Printer: out of paper</source>
        <translation>Tulostin: paperi on loppu</translation>
    </message>
    <message>
        <source>Downloading new content: {percent} %</source>
        <translation>Ladataan uutta sisältöä: {percent} %</translation>
    </message>
</context>
<context>
    <name>SupportActions</name>
    <message>
        <source>Book a time with a digital support adviser</source>
        <translation>Varaa aika digituen neuvojalle</translation>
    </message>
    <message>
        <source>Book an adviser</source>
        <translation>Varaa neuvoja</translation>
    </message>
    <message>
        <source>Digital support</source>
        <translation>Digituki</translation>
    </message>
    <message>
        <source>Guides</source>
        <translation>Ohjeet</translation>
    </message>
    <message>
        <source>Guides: step-by-step help</source>
        <translation>Ohjeet: apua vaihe vaiheelta</translation>
    </message>
    <message>
        <source>Help me now</source>
        <translation>Apua nyt</translation>
    </message>
    <message>
        <source>Help me now: an adviser comes to this computer</source>
        <translation>Apua nyt: neuvoja tulee tämän tietokoneen luo</translation>
    </message>
    <message>
        <source>Need help?</source>
        <translation>Tarvitsetko apua?</translation>
    </message>
</context>
<context>
    <name>TextSizeButton</name>
    <message>
        <source>Larger text</source>
        <translation>Suurempi teksti</translation>
    </message>
    <message>
        <source>Makes all text on the screen bigger</source>
        <translation>Suurentaa kaiken tekstin näytöllä</translation>
    </message>
</context>
<context>
    <name>WarningOverlay</name>
    <message>
        <source>Ask for more time</source>
        <translation>Pyydä lisäaikaa</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Jatka</translation>
    </message>
    <message>
        <source>Continue, I am still here</source>
        <translation>Jatka, olen vielä täällä</translation>
    </message>
    <message>
        <source>More time</source>
        <translation>Lisää aikaa</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Selvä</translation>
    </message>
    <message>
        <source>OK, close the warning</source>
        <translation>Selvä, sulje varoitus</translation>
    </message>
</context>
<context>
    <name>WarningTexts</name>
    <message>
        <source>Are you still there?</source>
        <translation>Oletko vielä paikalla?</translation>
    </message>
    <message>
        <source>Are you still there? Touch the screen or press any key, or you will be logged out.</source>
        <translation>Oletko vielä paikalla? Kosketa näyttöä tai paina mitä tahansa näppäintä. Muuten sinut kirjataan ulos.</translation>
    </message>
    <message>
        <source>Less than a minute left</source>
        <translation>Aikaa on alle minuutti</translation>
    </message>
    <message>
        <source>Save your work now. Everything on this computer is deleted when the time is up.</source>
        <translation>Tallenna työsi nyt. Kaikki tällä tietokoneella poistetaan, kun aika loppuu.</translation>
    </message>
    <message>
        <source>Save your work. If you need more time, press More time.</source>
        <translation>Tallenna työsi. Jos tarvitset lisää aikaa, paina Lisää aikaa.</translation>
    </message>
    <message>
        <source>Save your work. You will be logged out when the time is up.</source>
        <translation>Tallenna työsi. Sinut kirjataan ulos, kun aika loppuu.</translation>
    </message>
    <message>
        <source>Touch the screen or press any key. Logging out in {time}.</source>
        <translation>Kosketa näyttöä tai paina mitä tahansa näppäintä. Uloskirjautuminen {time} kuluttua.</translation>
    </message>
    <message>
        <source>{minutes} minutes left</source>
        <translation>Aikaa on {minutes} minuuttia</translation>
    </message>
    <message>
        <source>Please save your work. You will be logged out when the library closes.</source>
        <translation>Tallenna työsi. Sinut kirjataan ulos, kun kirjasto sulkeutuu.</translation>
    </message>
    <message>
        <source>Please save your work. You will be logged out when the library closes, and this computer switches off at {time}.</source>
        <translation>Tallenna työsi. Sinut kirjataan ulos, kun kirjasto sulkeutuu, ja tämä tietokone sammuu kello {time}.</translation>
    </message>
    <message>
        <source>The library closes at {time}</source>
        <translation>Kirjasto sulkeutuu kello {time}</translation>
    </message>
    <message>
        <source>The library closes soon</source>
        <translation>Kirjasto sulkeutuu pian</translation>
    </message>
</context>
</TS>
