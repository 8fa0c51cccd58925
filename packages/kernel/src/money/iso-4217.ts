/**
 * One row of ISO 4217 list one ("current currency & funds code list"): the alphabetic code, the
 * numeric code and the minor unit, exactly as the standard publishes them.
 */
export interface Iso4217Currency {
  /** The alphabetic code, three ASCII capitals: `USD`. */
  readonly code: string;
  /** The numeric code as ISO writes it, three digits with leading zeros kept: `008` for ALL. */
  readonly numericCode: string;
  /**
   * ISO's "minor unit": how many decimal digits the minor unit has (JPY 0, USD 2, KWD 3, CLF 4).
   * `null` where ISO writes "N.A." (precious metals, bond-market units, XDR, XSU, XUA, XTS, XXX).
   */
  readonly exponent: number | null;
  /** The English currency name as ISO gives it (list one's `CcyNm`). */
  readonly name: string;
}

/**
 * Which edition of ISO 4217 list one {@link ISO_4217_CURRENCIES} reflects. SIX Financial
 * Information AG publishes the list as the ISO 4217 Maintenance Agency (on behalf of ISO and SNV);
 * update the table, this record and the tests together when a new amendment changes list one.
 */
export const ISO_4217_EDITION = {
  source: 'ISO 4217 list one, SIX Financial Information AG (ISO 4217 Maintenance Agency)',
  /** The `Pblshd` date of the list file. */
  publishedOn: '2026-01-01',
  /** Amendment 180 (2025-09-22, effective 2026-01-01): BGN withdrawn, Bulgaria uses EUR. */
  lastAmendment: 180,
} as const;

/**
 * Every entry of ISO 4217 list one as of {@link ISO_4217_EDITION}: one row per code (list one
 * repeats a code once per country; the rows here are deduplicated), sorted by code.
 *
 * Recent changes this edition reflects: XAD added (Amendment 179, 2025); XCG replaced ANG
 * (Amendment 176, 2025); CUC withdrawn (Amendment 178); ZWG replaced ZWL (Amendment 177, 2024);
 * SLE replaced SLL; HRK withdrawn (Croatia uses EUR since 2023); BGN withdrawn (Amendment 180).
 *
 * Codes whose minor unit ISO lists as "N.A." are kept here with `exponent: null` so the table stays
 * a faithful copy of the standard, but they cannot carry {@link Money}: `parseCurrency` refuses
 * them with reason `no_minor_unit`. Metals (XAU, XAG, XPT, XPD) are traded in fractions of a troy
 * ounce at whatever precision the venue chooses, XDR/XSU/XUA and the bond-market units (XBA–XBD)
 * are units of account with no defined subdivision, XTS is for tests and XXX means "no currency".
 * Choosing an exponent for them (0, say) would be our invention rather than ISO's, and a wrong
 * exponent on money fails silently: amounts round or scale by powers of ten and nobody notices
 * until reconciliation. If a product needs one of them, it must define its precision explicitly.
 *
 * Funds codes with a defined minor unit (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW) are
 * ordinary currencies here.
 */
export const ISO_4217_CURRENCIES: readonly Iso4217Currency[] = Object.freeze(
  [
    { code: 'AED', numericCode: '784', exponent: 2, name: 'UAE Dirham' },
    { code: 'AFN', numericCode: '971', exponent: 2, name: 'Afghani' },
    { code: 'ALL', numericCode: '008', exponent: 2, name: 'Lek' },
    { code: 'AMD', numericCode: '051', exponent: 2, name: 'Armenian Dram' },
    { code: 'AOA', numericCode: '973', exponent: 2, name: 'Kwanza' },
    { code: 'ARS', numericCode: '032', exponent: 2, name: 'Argentine Peso' },
    { code: 'AUD', numericCode: '036', exponent: 2, name: 'Australian Dollar' },
    { code: 'AWG', numericCode: '533', exponent: 2, name: 'Aruban Florin' },
    { code: 'AZN', numericCode: '944', exponent: 2, name: 'Azerbaijan Manat' },
    { code: 'BAM', numericCode: '977', exponent: 2, name: 'Convertible Mark' },
    { code: 'BBD', numericCode: '052', exponent: 2, name: 'Barbados Dollar' },
    { code: 'BDT', numericCode: '050', exponent: 2, name: 'Taka' },
    { code: 'BHD', numericCode: '048', exponent: 3, name: 'Bahraini Dinar' },
    { code: 'BIF', numericCode: '108', exponent: 0, name: 'Burundi Franc' },
    { code: 'BMD', numericCode: '060', exponent: 2, name: 'Bermudian Dollar' },
    { code: 'BND', numericCode: '096', exponent: 2, name: 'Brunei Dollar' },
    { code: 'BOB', numericCode: '068', exponent: 2, name: 'Boliviano' },
    { code: 'BOV', numericCode: '984', exponent: 2, name: 'Mvdol' },
    { code: 'BRL', numericCode: '986', exponent: 2, name: 'Brazilian Real' },
    { code: 'BSD', numericCode: '044', exponent: 2, name: 'Bahamian Dollar' },
    { code: 'BTN', numericCode: '064', exponent: 2, name: 'Ngultrum' },
    { code: 'BWP', numericCode: '072', exponent: 2, name: 'Pula' },
    { code: 'BYN', numericCode: '933', exponent: 2, name: 'Belarusian Ruble' },
    { code: 'BZD', numericCode: '084', exponent: 2, name: 'Belize Dollar' },
    { code: 'CAD', numericCode: '124', exponent: 2, name: 'Canadian Dollar' },
    { code: 'CDF', numericCode: '976', exponent: 2, name: 'Congolese Franc' },
    { code: 'CHE', numericCode: '947', exponent: 2, name: 'WIR Euro' },
    { code: 'CHF', numericCode: '756', exponent: 2, name: 'Swiss Franc' },
    { code: 'CHW', numericCode: '948', exponent: 2, name: 'WIR Franc' },
    { code: 'CLF', numericCode: '990', exponent: 4, name: 'Unidad de Fomento' },
    { code: 'CLP', numericCode: '152', exponent: 0, name: 'Chilean Peso' },
    { code: 'CNY', numericCode: '156', exponent: 2, name: 'Yuan Renminbi' },
    { code: 'COP', numericCode: '170', exponent: 2, name: 'Colombian Peso' },
    { code: 'COU', numericCode: '970', exponent: 2, name: 'Unidad de Valor Real' },
    { code: 'CRC', numericCode: '188', exponent: 2, name: 'Costa Rican Colon' },
    { code: 'CUP', numericCode: '192', exponent: 2, name: 'Cuban Peso' },
    { code: 'CVE', numericCode: '132', exponent: 2, name: 'Cabo Verde Escudo' },
    { code: 'CZK', numericCode: '203', exponent: 2, name: 'Czech Koruna' },
    { code: 'DJF', numericCode: '262', exponent: 0, name: 'Djibouti Franc' },
    { code: 'DKK', numericCode: '208', exponent: 2, name: 'Danish Krone' },
    { code: 'DOP', numericCode: '214', exponent: 2, name: 'Dominican Peso' },
    { code: 'DZD', numericCode: '012', exponent: 2, name: 'Algerian Dinar' },
    { code: 'EGP', numericCode: '818', exponent: 2, name: 'Egyptian Pound' },
    { code: 'ERN', numericCode: '232', exponent: 2, name: 'Nakfa' },
    { code: 'ETB', numericCode: '230', exponent: 2, name: 'Ethiopian Birr' },
    { code: 'EUR', numericCode: '978', exponent: 2, name: 'Euro' },
    { code: 'FJD', numericCode: '242', exponent: 2, name: 'Fiji Dollar' },
    { code: 'FKP', numericCode: '238', exponent: 2, name: 'Falkland Islands Pound' },
    { code: 'GBP', numericCode: '826', exponent: 2, name: 'Pound Sterling' },
    { code: 'GEL', numericCode: '981', exponent: 2, name: 'Lari' },
    { code: 'GHS', numericCode: '936', exponent: 2, name: 'Ghana Cedi' },
    { code: 'GIP', numericCode: '292', exponent: 2, name: 'Gibraltar Pound' },
    { code: 'GMD', numericCode: '270', exponent: 2, name: 'Dalasi' },
    { code: 'GNF', numericCode: '324', exponent: 0, name: 'Guinean Franc' },
    { code: 'GTQ', numericCode: '320', exponent: 2, name: 'Quetzal' },
    { code: 'GYD', numericCode: '328', exponent: 2, name: 'Guyana Dollar' },
    { code: 'HKD', numericCode: '344', exponent: 2, name: 'Hong Kong Dollar' },
    { code: 'HNL', numericCode: '340', exponent: 2, name: 'Lempira' },
    { code: 'HTG', numericCode: '332', exponent: 2, name: 'Gourde' },
    { code: 'HUF', numericCode: '348', exponent: 2, name: 'Forint' },
    { code: 'IDR', numericCode: '360', exponent: 2, name: 'Rupiah' },
    { code: 'ILS', numericCode: '376', exponent: 2, name: 'New Israeli Sheqel' },
    { code: 'INR', numericCode: '356', exponent: 2, name: 'Indian Rupee' },
    { code: 'IQD', numericCode: '368', exponent: 3, name: 'Iraqi Dinar' },
    { code: 'IRR', numericCode: '364', exponent: 2, name: 'Iranian Rial' },
    { code: 'ISK', numericCode: '352', exponent: 0, name: 'Iceland Krona' },
    { code: 'JMD', numericCode: '388', exponent: 2, name: 'Jamaican Dollar' },
    { code: 'JOD', numericCode: '400', exponent: 3, name: 'Jordanian Dinar' },
    { code: 'JPY', numericCode: '392', exponent: 0, name: 'Yen' },
    { code: 'KES', numericCode: '404', exponent: 2, name: 'Kenyan Shilling' },
    { code: 'KGS', numericCode: '417', exponent: 2, name: 'Som' },
    { code: 'KHR', numericCode: '116', exponent: 2, name: 'Riel' },
    { code: 'KMF', numericCode: '174', exponent: 0, name: 'Comorian Franc' },
    { code: 'KPW', numericCode: '408', exponent: 2, name: 'North Korean Won' },
    { code: 'KRW', numericCode: '410', exponent: 0, name: 'Won' },
    { code: 'KWD', numericCode: '414', exponent: 3, name: 'Kuwaiti Dinar' },
    { code: 'KYD', numericCode: '136', exponent: 2, name: 'Cayman Islands Dollar' },
    { code: 'KZT', numericCode: '398', exponent: 2, name: 'Tenge' },
    { code: 'LAK', numericCode: '418', exponent: 2, name: 'Lao Kip' },
    { code: 'LBP', numericCode: '422', exponent: 2, name: 'Lebanese Pound' },
    { code: 'LKR', numericCode: '144', exponent: 2, name: 'Sri Lanka Rupee' },
    { code: 'LRD', numericCode: '430', exponent: 2, name: 'Liberian Dollar' },
    { code: 'LSL', numericCode: '426', exponent: 2, name: 'Loti' },
    { code: 'LYD', numericCode: '434', exponent: 3, name: 'Libyan Dinar' },
    { code: 'MAD', numericCode: '504', exponent: 2, name: 'Moroccan Dirham' },
    { code: 'MDL', numericCode: '498', exponent: 2, name: 'Moldovan Leu' },
    { code: 'MGA', numericCode: '969', exponent: 2, name: 'Malagasy Ariary' },
    { code: 'MKD', numericCode: '807', exponent: 2, name: 'Denar' },
    { code: 'MMK', numericCode: '104', exponent: 2, name: 'Kyat' },
    { code: 'MNT', numericCode: '496', exponent: 2, name: 'Tugrik' },
    { code: 'MOP', numericCode: '446', exponent: 2, name: 'Pataca' },
    { code: 'MRU', numericCode: '929', exponent: 2, name: 'Ouguiya' },
    { code: 'MUR', numericCode: '480', exponent: 2, name: 'Mauritius Rupee' },
    { code: 'MVR', numericCode: '462', exponent: 2, name: 'Rufiyaa' },
    { code: 'MWK', numericCode: '454', exponent: 2, name: 'Malawi Kwacha' },
    { code: 'MXN', numericCode: '484', exponent: 2, name: 'Mexican Peso' },
    { code: 'MXV', numericCode: '979', exponent: 2, name: 'Mexican Unidad de Inversion (UDI)' },
    { code: 'MYR', numericCode: '458', exponent: 2, name: 'Malaysian Ringgit' },
    { code: 'MZN', numericCode: '943', exponent: 2, name: 'Mozambique Metical' },
    { code: 'NAD', numericCode: '516', exponent: 2, name: 'Namibia Dollar' },
    { code: 'NGN', numericCode: '566', exponent: 2, name: 'Naira' },
    { code: 'NIO', numericCode: '558', exponent: 2, name: 'Cordoba Oro' },
    { code: 'NOK', numericCode: '578', exponent: 2, name: 'Norwegian Krone' },
    { code: 'NPR', numericCode: '524', exponent: 2, name: 'Nepalese Rupee' },
    { code: 'NZD', numericCode: '554', exponent: 2, name: 'New Zealand Dollar' },
    { code: 'OMR', numericCode: '512', exponent: 3, name: 'Rial Omani' },
    { code: 'PAB', numericCode: '590', exponent: 2, name: 'Balboa' },
    { code: 'PEN', numericCode: '604', exponent: 2, name: 'Sol' },
    { code: 'PGK', numericCode: '598', exponent: 2, name: 'Kina' },
    { code: 'PHP', numericCode: '608', exponent: 2, name: 'Philippine Peso' },
    { code: 'PKR', numericCode: '586', exponent: 2, name: 'Pakistan Rupee' },
    { code: 'PLN', numericCode: '985', exponent: 2, name: 'Zloty' },
    { code: 'PYG', numericCode: '600', exponent: 0, name: 'Guarani' },
    { code: 'QAR', numericCode: '634', exponent: 2, name: 'Qatari Rial' },
    { code: 'RON', numericCode: '946', exponent: 2, name: 'Romanian Leu' },
    { code: 'RSD', numericCode: '941', exponent: 2, name: 'Serbian Dinar' },
    { code: 'RUB', numericCode: '643', exponent: 2, name: 'Russian Ruble' },
    { code: 'RWF', numericCode: '646', exponent: 0, name: 'Rwanda Franc' },
    { code: 'SAR', numericCode: '682', exponent: 2, name: 'Saudi Riyal' },
    { code: 'SBD', numericCode: '090', exponent: 2, name: 'Solomon Islands Dollar' },
    { code: 'SCR', numericCode: '690', exponent: 2, name: 'Seychelles Rupee' },
    { code: 'SDG', numericCode: '938', exponent: 2, name: 'Sudanese Pound' },
    { code: 'SEK', numericCode: '752', exponent: 2, name: 'Swedish Krona' },
    { code: 'SGD', numericCode: '702', exponent: 2, name: 'Singapore Dollar' },
    { code: 'SHP', numericCode: '654', exponent: 2, name: 'Saint Helena Pound' },
    { code: 'SLE', numericCode: '925', exponent: 2, name: 'Leone' },
    { code: 'SOS', numericCode: '706', exponent: 2, name: 'Somali Shilling' },
    { code: 'SRD', numericCode: '968', exponent: 2, name: 'Surinam Dollar' },
    { code: 'SSP', numericCode: '728', exponent: 2, name: 'South Sudanese Pound' },
    { code: 'STN', numericCode: '930', exponent: 2, name: 'Dobra' },
    { code: 'SVC', numericCode: '222', exponent: 2, name: 'El Salvador Colon' },
    { code: 'SYP', numericCode: '760', exponent: 2, name: 'Syrian Pound' },
    { code: 'SZL', numericCode: '748', exponent: 2, name: 'Lilangeni' },
    { code: 'THB', numericCode: '764', exponent: 2, name: 'Baht' },
    { code: 'TJS', numericCode: '972', exponent: 2, name: 'Somoni' },
    { code: 'TMT', numericCode: '934', exponent: 2, name: 'Turkmenistan New Manat' },
    { code: 'TND', numericCode: '788', exponent: 3, name: 'Tunisian Dinar' },
    { code: 'TOP', numericCode: '776', exponent: 2, name: 'Pa’anga' },
    { code: 'TRY', numericCode: '949', exponent: 2, name: 'Turkish Lira' },
    { code: 'TTD', numericCode: '780', exponent: 2, name: 'Trinidad and Tobago Dollar' },
    { code: 'TWD', numericCode: '901', exponent: 2, name: 'New Taiwan Dollar' },
    { code: 'TZS', numericCode: '834', exponent: 2, name: 'Tanzanian Shilling' },
    { code: 'UAH', numericCode: '980', exponent: 2, name: 'Hryvnia' },
    { code: 'UGX', numericCode: '800', exponent: 0, name: 'Uganda Shilling' },
    { code: 'USD', numericCode: '840', exponent: 2, name: 'US Dollar' },
    { code: 'USN', numericCode: '997', exponent: 2, name: 'US Dollar (Next day)' },
    {
      code: 'UYI',
      numericCode: '940',
      exponent: 0,
      name: 'Uruguay Peso en Unidades Indexadas (UI)',
    },
    { code: 'UYU', numericCode: '858', exponent: 2, name: 'Peso Uruguayo' },
    { code: 'UYW', numericCode: '927', exponent: 4, name: 'Unidad Previsional' },
    { code: 'UZS', numericCode: '860', exponent: 2, name: 'Uzbekistan Sum' },
    { code: 'VED', numericCode: '926', exponent: 2, name: 'Bolívar Soberano' },
    { code: 'VES', numericCode: '928', exponent: 2, name: 'Bolívar Soberano' },
    { code: 'VND', numericCode: '704', exponent: 0, name: 'Dong' },
    { code: 'VUV', numericCode: '548', exponent: 0, name: 'Vatu' },
    { code: 'WST', numericCode: '882', exponent: 2, name: 'Tala' },
    { code: 'XAD', numericCode: '396', exponent: 2, name: 'Arab Accounting Dinar' },
    { code: 'XAF', numericCode: '950', exponent: 0, name: 'CFA Franc BEAC' },
    { code: 'XAG', numericCode: '961', exponent: null, name: 'Silver' },
    { code: 'XAU', numericCode: '959', exponent: null, name: 'Gold' },
    {
      code: 'XBA',
      numericCode: '955',
      exponent: null,
      name: 'Bond Markets Unit European Composite Unit (EURCO)',
    },
    {
      code: 'XBB',
      numericCode: '956',
      exponent: null,
      name: 'Bond Markets Unit European Monetary Unit (E.M.U.-6)',
    },
    {
      code: 'XBC',
      numericCode: '957',
      exponent: null,
      name: 'Bond Markets Unit European Unit of Account 9 (E.U.A.-9)',
    },
    {
      code: 'XBD',
      numericCode: '958',
      exponent: null,
      name: 'Bond Markets Unit European Unit of Account 17 (E.U.A.-17)',
    },
    { code: 'XCD', numericCode: '951', exponent: 2, name: 'East Caribbean Dollar' },
    { code: 'XCG', numericCode: '532', exponent: 2, name: 'Caribbean Guilder' },
    { code: 'XDR', numericCode: '960', exponent: null, name: 'SDR (Special Drawing Right)' },
    { code: 'XOF', numericCode: '952', exponent: 0, name: 'CFA Franc BCEAO' },
    { code: 'XPD', numericCode: '964', exponent: null, name: 'Palladium' },
    { code: 'XPF', numericCode: '953', exponent: 0, name: 'CFP Franc' },
    { code: 'XPT', numericCode: '962', exponent: null, name: 'Platinum' },
    { code: 'XSU', numericCode: '994', exponent: null, name: 'Sucre' },
    {
      code: 'XTS',
      numericCode: '963',
      exponent: null,
      name: 'Codes specifically reserved for testing purposes',
    },
    { code: 'XUA', numericCode: '965', exponent: null, name: 'ADB Unit of Account' },
    {
      code: 'XXX',
      numericCode: '999',
      exponent: null,
      name: 'The codes assigned for transactions where no currency is involved',
    },
    { code: 'YER', numericCode: '886', exponent: 2, name: 'Yemeni Rial' },
    { code: 'ZAR', numericCode: '710', exponent: 2, name: 'Rand' },
    { code: 'ZMW', numericCode: '967', exponent: 2, name: 'Zambian Kwacha' },
    { code: 'ZWG', numericCode: '924', exponent: 2, name: 'Zimbabwe Gold' },
  ].map((entry) => Object.freeze(entry)),
);
