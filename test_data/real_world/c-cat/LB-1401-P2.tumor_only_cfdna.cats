{
  "metaData": {
    "schemaVersion": "1.3.0",
    "referenceGenome": {
      "name": "GRCh38",
      "grcRelease": "GRCh38",
      "descriptions": [
        "reproduction of shape; values made up"
      ]
    },
    "comments": []
  },
  "testInfo": {
    "testId": "20240611000101",
    "testType": "tumor-only (cell-free)",
    "softwareName": "softwareName",
    "softwareVersion": "softwareVersion",
    "panelName": "TestSamplePanel",
    "panelVersion": "XYZ"
  },
  "variants": {
    "shortVariants": [
      {
        "itemId": "variant-1",
        "chromosome": "7",
        "position": 55191822,
        "referenceAllele": "T",
        "alternateAllele": "G",
        "alternateAlleleFrequency": 0.0912,
        "totalReadDepth": 4210,
        "transcripts": [
          {
            "transcriptId": "NM_005228",
            "transcriptDatabaseName": "RefSeq",
            "transcriptDatabaseVersion": "version",
            "geneSymbol": "EGFR",
            "strand": "+",
            "cdsChange": "2573T>G",
            "aminoAcidsChange": "L858R"
          }
        ],
        "sampleItemId": "sequence-1-tumor-dna",
        "variantOrigin": "somatic",
        "reported": true
      },
      {
        "itemId": "variant-2",
        "chromosome": "7",
        "position": 55181378,
        "referenceAllele": "C",
        "alternateAllele": "T",
        "alternateAlleleFrequency": 0.0381,
        "totalReadDepth": 3987,
        "transcripts": [
          {
            "transcriptId": "NM_005228",
            "transcriptDatabaseName": "RefSeq",
            "transcriptDatabaseVersion": "version",
            "geneSymbol": "EGFR",
            "strand": "+",
            "cdsChange": "2369C>T",
            "aminoAcidsChange": "T790M"
          }
        ],
        "sampleItemId": "sequence-1-tumor-dna",
        "variantOrigin": "somatic",
        "reported": true
      },
      {
        "itemId": "variant-3",
        "chromosome": "7",
        "position": 55181398,
        "referenceAllele": "T",
        "alternateAllele": "A",
        "alternateAlleleFrequency": 0.0144,
        "totalReadDepth": 4033,
        "transcripts": [
          {
            "transcriptId": "NM_005228",
            "transcriptDatabaseName": "RefSeq",
            "transcriptDatabaseVersion": "version",
            "geneSymbol": "EGFR",
            "strand": "+",
            "cdsChange": "2389T>A",
            "aminoAcidsChange": "C797S"
          }
        ],
        "sampleItemId": "sequence-1-tumor-dna",
        "variantOrigin": "somatic",
        "reported": true
      },
      {
        "itemId": "variant-4",
        "chromosome": "17",
        "position": 7673802,
        "referenceAllele": "C",
        "alternateAllele": "T",
        "alternateAlleleFrequency": 0.0877,
        "totalReadDepth": 3520,
        "transcripts": [
          {
            "transcriptId": "NM_000546",
            "transcriptDatabaseName": "RefSeq",
            "transcriptDatabaseVersion": "version",
            "geneSymbol": "TP53",
            "strand": "-",
            "cdsChange": "818G>A",
            "aminoAcidsChange": "R273H"
          }
        ],
        "sampleItemId": "sequence-1-tumor-dna",
        "variantOrigin": "somatic",
        "reported": true
      },
      {
        "itemId": "variant-5",
        "chromosome": "2",
        "position": 25234373,
        "referenceAllele": "C",
        "alternateAllele": "T",
        "alternateAlleleFrequency": 0.0061,
        "totalReadDepth": 4411,
        "transcripts": [
          {
            "transcriptId": "NM_022552",
            "transcriptDatabaseName": "RefSeq",
            "transcriptDatabaseVersion": "version",
            "geneSymbol": "DNMT3A",
            "strand": "-",
            "cdsChange": "2645G>A",
            "aminoAcidsChange": "R882H"
          }
        ],
        "sampleItemId": "sequence-1-tumor-dna",
        "variantOrigin": "likely somatic",
        "reported": false
      }
    ],
    "copyNumberAlterations": [
      {
        "itemId": "variant-6",
        "chromosome": "7",
        "startPosition": 116672196,
        "endPosition": 116798377,
        "copyNumberMetrics": [
          {
            "value": 0.0,
            "unit": "absolute copy number"
          },
          {
            "value": 2.91,
            "unit": "fold-change"
          }
        ],
        "copyNumberAlterationType": "amplification",
        "transcripts": [
          {
            "geneSymbol": "MET"
          }
        ],
        "sampleItemId": "sequence-1-tumor-dna",
        "variantOrigin": "somatic",
        "reported": true
      },
      {
        "itemId": "variant-7",
        "chromosome": "19",
        "startPosition": 29811991,
        "endPosition": 29824312,
        "copyNumberMetrics": [
          {
            "value": 0.0,
            "unit": "absolute copy number"
          },
          {
            "value": 1.86,
            "unit": "fold-change"
          }
        ],
        "copyNumberAlterationType": "amplification",
        "transcripts": [
          {
            "geneSymbol": "CCNE1"
          }
        ],
        "sampleItemId": "sequence-1-tumor-dna",
        "variantOrigin": "somatic",
        "reported": true
      }
    ],
    "rearrangements": [
      {
        "itemId": "variant-8",
        "breakends": [
          {
            "chromosome": "2",
            "startPosition": 42295516,
            "endPosition": 42295516,
            "matePieceLocation": "downstream",
            "transcripts": [
              {
                "transcriptDatabaseName": "RefSeq",
                "transcriptDatabaseVersion": "Release 99",
                "geneSymbol": "EML4"
              }
            ]
          },
          {
            "chromosome": "2",
            "startPosition": 29223528,
            "endPosition": 29223528,
            "matePieceLocation": "upstream",
            "transcripts": [
              {
                "transcriptDatabaseName": "RefSeq",
                "transcriptDatabaseVersion": "Release 99",
                "geneSymbol": "ALK"
              }
            ]
          }
        ],
        "orderedGenePairs": [
          [
            "EML4",
            "ALK"
          ]
        ],
        "supportingReadCount": 17,
        "totalReadCount": 1210,
        "alternateAlleleFrequency": 0.014,
        "rearrangementType": "gene fusion",
        "variantOrigin": "somatic",
        "sampleItemId": "sequence-1-tumor-dna",
        "reported": true
      },
      {
        "itemId": "variant-9",
        "breakends": [
          {
            "chromosome": "7",
            "startPosition": 116771654,
            "endPosition": 116771654,
            "transcripts": [
              {
                "transcriptId": "NM_000245",
                "transcriptDatabaseName": "RefSeq",
                "transcriptDatabaseVersion": "Release 99",
                "geneSymbol": "MET"
              }
            ]
          },
          {
            "chromosome": "7",
            "startPosition": 116774881,
            "endPosition": 116774881,
            "transcripts": [
              {
                "transcriptId": "NM_000245",
                "transcriptDatabaseName": "RefSeq",
                "transcriptDatabaseVersion": "Release 99",
                "geneSymbol": "MET"
              }
            ]
          }
        ],
        "skippedExonRanges": [
          {
            "transcriptId": "NM_000245",
            "transcriptDatabaseName": "RefSeq",
            "transcriptDatabaseVersion": "Release 99",
            "geneSymbol": "MET",
            "exonRange": [
              14,
              14
            ]
          }
        ],
        "supportingReadCount": 8,
        "alternateAlleleFrequency": 0.006,
        "rearrangementType": "exon skipping",
        "variantOrigin": "somatic",
        "sampleItemId": "sequence-1-tumor-dna",
        "reported": true
      }
    ]
  },
  "otherBiomarkers": [
    {
      "itemId": "biomarker-1",
      "biomarkerType": "TMB",
      "biomarkerMetrics": [
        {
          "value": 3.2,
          "unit": "mutations-per-megabase",
          "metricType": "mutations-per-megabase"
        }
      ],
      "state": "low",
      "sampleItemId": "sequence-1-tumor-dna",
      "reported": true
    }
  ],
  "sequencingSamples": [
    {
      "itemId": "sequence-1-tumor-dna",
      "tumorOrNormal": "tumor",
      "nucleicAcid": "DNA"
    }
  ]
}
