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
    <name>IdleScreen</name>
    <message>
        <source>Tap your phone or scan your library card</source>
        <translation>Kosketa lukijaa puhelimellasi tai skannaa kirjastokorttisi</translation>
    </message>
    <message>
        <source>Need help? Ask the library staff.</source>
        <translation>Tarvitsetko apua? Kysy kirjaston henkilökunnalta.</translation>
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
</context>
</TS>
