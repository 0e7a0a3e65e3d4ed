<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fi_FI" sourcelanguage="en_GB">
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
</TS>
