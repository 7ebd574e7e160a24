import type { PartyInput } from '../src/index.js';

const FIRST =
  `Anna Ben Carl Dora Emil Frida Gustav Hanna Ida Jonas Karl Lena Max Nina Otto Paula Quirin Rita Sven Tina
Ulrich Vera Walter Xenia Yusuf Zoe Adam Bettina Christian Daniela Erik Fabian Greta Henrik Ines Jan Katrin Lukas Marie
Nils Olga Peter Rosa Stefan Tobias Ute Viktor Wiebke Alexander Birgit Clara Dennis Elena Felix Gabriele Hans Isabel
Jakob Klara Leon Mia Noah Oskar Pia Robert Sophie Thomas Uwe Valentin Wolfgang Andrea Bernd Charlotte David Eva Florian
Gerda Helmut Irene Julia Klaus Laura Martin Nora Oliver Petra Ralf Sabine Theo Ulla Vincent Werner Amelie Bastian Carla
Dieter Emma Frank Gisela Heinz Inge Jürgen Karin Lars Monika Norbert Ole Patrick Renate Simon Tanja Udo Verena Yannick
Ahmet Mehmet Fatma Ayse Mustafa Olivia Liam Ethan Chloe James Mary John Patricia Michael Linda William Elizabeth
Richard Susan Joseph Jessica Charles Sarah Daniel Karen Matthew Nancy Anthony Lisa Mark Betty Donald Margaret Steven
Sandra Paul Ashley Andrew Kimberly Joshua Emily Kenneth Donna Kevin Michelle Brian Carol George Amanda Timothy Melissa`
    .split(/\s+/)
    .filter(Boolean);

const LAST =
  `Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter Klein Wolf
Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner Schmitz Krause Meier Lehmann
Schmid Schulze Maier Köhler Herrmann König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn
Schubert Vogel Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster Simon
Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Heinrich Brandt Haas
Schreiber Graf Schulte Dietrich Ziegler Kuhn Kühn Pohl Engel Horn Busch Bergmann Thomas Voigt Sauer Arnold Wolff Pfeiffer
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson
Taylor Moore Jackson Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen Wright
Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Yilmaz Kaya Demir
Şahin Çelik Yıldız Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan Novak Kowalski Nowak Wiśniewski Dvořák Horváth Nagy
Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti Costa Giordano Mancini Rizzo
Dubois Durand Lefebvre Moreau Laurent Michel Garnier Faure Rousseau Blanc Guerin Muller Henry Roussel Nicolas Perrin
Jansen DeVries Bakker Visser Smit Mulder Bos Vos Peters Hendriks Dekker Brouwer Janssens Maes Jacobs Mertens Willems
Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Hansen Jensen Nielsen
Pedersen Christensen Rasmussen Sørensen Jørgensen Petersen Madsen Kristensen Olsen Thomsen Poulsen Johansen Knudsen`
    .split(/\s+/)
    .filter(Boolean);

/** Syllables that make the long tail of rarer family names (most real surnames are rare). */
const SURNAME_HEADS =
  `Berg Hof Kol Brand Stein Wald Reich Lind Rosen Hart Neu Alt Kirch Fels Sonn Eich Buch Mor Hag Lauter
Wein Gold Silber Eisen Kalt Warm Grün Roth Schwarz Weiß Blau Feld Wies Bach Brunn Mühl Dorf Burg Holz Zell Ober Unter Gut
Lang Kurz Hoch Tief Frei Ried Moos Horn Kamm Sturm Regen Wind Frost Sommer Hell Dunkel Ross Wolf Fuchs Bär Hirsch Adler
Falk Finken Kranich Storch Rab Tauben Lerch Schwan Ent Gans Huhn Kalb Lamm Geiß Bock`
    .split(/\s+/)
    .filter(Boolean);
const SURNAME_MIDDLES = ['', '', '', '', 'en', 'er', 'el', 'ing', 'an', 'ner', 'ler', 'se'];
const SURNAME_TAILS =
  `mann er inger meier maier huber bach berg feld hausen stetter ing ow ski sen bauer müller
schmid hofer mayr thaler gruber wieser reiter lechner eder moser brunner steiner wagner leitner`
    .split(/\s+/)
    .filter(Boolean);

/** A family name: often a common one, otherwise from the long tail. */
function familyName(rnd: () => number): string {
  if (rnd() < 0.4) return skewed(LAST, rnd, 1.6);
  const head = SURNAME_HEADS[Math.floor(rnd() * SURNAME_HEADS.length)]!;
  const middle = SURNAME_MIDDLES[Math.floor(rnd() * SURNAME_MIDDLES.length)]!;
  return `${head}${middle}${SURNAME_TAILS[Math.floor(rnd() * SURNAME_TAILS.length)]!}`;
}

/** Cities with a skewed distribution: the first ones hold much of the base, as in a real CRM. */
const CITIES =
  `Berlin Hamburg München Köln Frankfurt Stuttgart Düsseldorf Leipzig Dortmund Essen Bremen Dresden Hannover
Nürnberg Duisburg Bochum Wuppertal Bielefeld Bonn Münster Mannheim Karlsruhe Augsburg Wiesbaden Mönchengladbach
Gelsenkirchen Aachen Braunschweig Kiel Chemnitz Halle Magdeburg Freiburg Krefeld Mainz Lübeck Erfurt Oberhausen Rostock
Kassel Hagen Potsdam Saarbrücken Hamm Ludwigshafen Oldenburg Mülheim Osnabrück Leverkusen Darmstadt Heidelberg Solingen
Regensburg Herne Paderborn Neuss Ingolstadt Offenbach Fürth Würzburg Ulm Heilbronn Pforzheim Wolfsburg Göttingen
Bottrop Reutlingen Koblenz Recklinghausen Bremerhaven Bergisch Erlangen Jena Remscheid Trier Salzgitter Moers Siegen
Hildesheim Cottbus Gütersloh Kaiserslautern Witten Hanau Schwerin Ludwigsburg Esslingen Gera Iserlohn Düren Tübingen
Flensburg Zwickau Gießen Ratingen Lünen Villingen Konstanz Marl Worms Velbert Minden Dessau Neumünster Norderstedt`
    .split(/\s+/)
    .filter(Boolean);

const STREETS = [
  'Hauptstraße',
  'Bahnhofstraße',
  'Gartenweg',
  'Schulstraße',
  'Lindenallee',
  'Marktplatz',
  'Bergstraße',
];

/** A small, fast, deterministic PRNG (mulberry32), so every run seeds the same base. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks from a list with a Zipf-like skew: early entries are much more frequent. */
function skewed<T>(list: readonly T[], rnd: () => number, power = 2.2): T {
  return list[Math.min(list.length - 1, Math.floor(list.length * rnd() ** power))]!;
}

/** A realistic person: a name, an email, a phone and an address in a (skewed) city. */
export function personInput(i: number, rnd: () => number, tag = 'seed'): PartyInput {
  const givenName = skewed(FIRST, rnd, 1.5);
  const family = familyName(rnd);
  const local = `${givenName}.${family}.${tag}${i}`.toLowerCase().replace(/[^a-z0-9.]/g, 'x');
  return {
    kind: 'person',
    givenName,
    familyName: family,
    roles: ['lead'],
    contactPoints: [
      { kind: 'email', value: `${local}@example.com` },
      {
        kind: 'address',
        street: `${STREETS[i % STREETS.length]} ${1 + (i % 120)}`,
        postalCode: String(10000 + (i % 89999)),
        city: skewed(CITIES, rnd),
        country: 'DE',
      },
    ],
  };
}

const ORG_WORDS =
  `Bau Technik Logistik Handel Consulting Software Service Energie Medien Druck Metall Holz Garten Auto
Elektro Sanitär Immobilien Finanz Reisen Möbel Textil Lebensmittel Pharma Chemie Maschinen Transport Design Werbung`
    .split(/\s+/)
    .filter(Boolean);
const ORG_FORMS = ['GmbH', 'AG', 'KG', 'GmbH & Co. KG', 'e.K.', 'OHG'];

/** A realistic organisation: a family or place name, a trade and a legal form, in a (skewed) city. */
export function organizationInput(i: number, rnd: () => number): PartyInput {
  const name = `${familyName(rnd)} ${ORG_WORDS[Math.floor(rnd() * ORG_WORDS.length)]!} ${ORG_FORMS[Math.floor(rnd() * ORG_FORMS.length)]!}`;
  return {
    kind: 'organization',
    organizationName: name,
    roles: ['customer'],
    contactPoints: [
      { kind: 'email', value: `info.org${i}@example.com` },
      {
        kind: 'address',
        street: `Industriestraße ${1 + (i % 90)}`,
        city: skewed(CITIES, rnd),
        country: 'DE',
      },
    ],
  };
}
