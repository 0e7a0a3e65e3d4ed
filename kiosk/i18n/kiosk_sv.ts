<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv_FI" sourcelanguage="en_GB">
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
</TS>
