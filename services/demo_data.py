"""The demo collectivité's organisation chart, as plain literals (see services/demo.py)."""

JOB_FAMILIES = (
    "Achat public",
    "Affaires générales",
    "Affaires juridiques",
    "Archives et documentation",
    "Arts et techniques du spectacle",
    "Bibliothèques et centres documentaires",
    "Citoyenneté et population",
    "Communication",
    "Développement territorial",
    "Direction générale",
    "Éducation et animation",
    "Enseignements artistiques",
    "Entretien et services généraux",
    "Environnement",
    "Espaces verts et paysage",
    "Finances",
    "Funéraire",
    "Habitat et logement",
    "Logistique et moyens généraux",
    "Patrimoine bâti",
    "Patrimoine culturel",
    "Petite enfance",
    "Propreté et déchets",
    "Ressources humaines",
    "Restauration collective",
    "Santé",
    "Sécurité",
    "Social",
    "Sport",
    "Systèmes d'information",
    "Urbanisme et aménagement",
    "Voirie et infrastructures",
)

# (title, headcount, FTE, job family, ISCO-08 unit group or "" when none fits)
RoleRow = tuple[str, int, str, str, str]
ServiceRow = tuple[str, tuple[RoleRow, ...]]

DIRECTORATES: tuple[tuple[str, tuple[ServiceRow, ...]], ...] = (
    (
        "Direction générale des services",
        (
            (
                "Cabinet du maire",
                (
                    ("Directeur de cabinet", 1, "1.00", "Direction générale", "1112"),
                    ("Collaborateur de cabinet", 2, "2.00", "Direction générale", "2422"),
                    ("Chargé du protocole", 2, "2.00", "Communication", "3332"),
                    ("Assistant de cabinet", 3, "2.80", "Affaires générales", "3343"),
                    ("Chauffeur du maire", 1, "1.00", "Logistique et moyens généraux", "8322"),
                ),
            ),
            (
                "Secrétariat général et assemblées",
                (
                    ("Chargé des assemblées et des actes", 2, "2.00", "Affaires générales", "3343"),
                    ("Assistant de direction", 4, "3.80", "Affaires générales", "3343"),
                    ("Agent du service courrier", 5, "5.00", "Affaires générales", "4412"),
                ),
            ),
            (
                "Contrôle de gestion et évaluation",
                (
                    ("Contrôleur de gestion", 2, "2.00", "Finances", "2421"),
                    (
                        "Chargé d'évaluation des politiques publiques",
                        1,
                        "0.80",
                        "Direction générale",
                        "2422",
                    ),
                ),
            ),
        ),
    ),
    (
        "Direction de la population et de la citoyenneté",
        (
            (
                "État civil",
                (
                    (
                        "Responsable du service État civil",
                        1,
                        "1.00",
                        "Citoyenneté et population",
                        "3341",
                    ),
                    ("Officier d'état civil", 14, "13.50", "Citoyenneté et population", "3359"),
                    ("Agent administratif d'état civil", 8, "7.30", "Affaires générales", "4110"),
                    (
                        "Assistant de gestion administrative",
                        2,
                        "1.80",
                        "Affaires générales",
                        "3343",
                    ),
                ),
            ),
            (
                "Accueil – Relation usagers",
                (
                    (
                        "Responsable accueil et relation usagers",
                        1,
                        "1.00",
                        "Affaires générales",
                        "3341",
                    ),
                    ("Agent d'accueil", 16, "14.90", "Affaires générales", "4226"),
                    ("Conseiller du centre de contact", 8, "7.50", "Affaires générales", "4222"),
                    ("Standardiste", 3, "3.00", "Affaires générales", "4223"),
                ),
            ),
            (
                "Titres d'identité",
                (
                    (
                        "Agent instructeur des titres d'identité",
                        9,
                        "8.50",
                        "Citoyenneté et population",
                        "3354",
                    ),
                ),
            ),
            (
                "Élections et recensement",
                (
                    ("Gestionnaire des élections", 3, "3.00", "Citoyenneté et population", "4110"),
                    (
                        "Coordonnateur du recensement",
                        1,
                        "0.50",
                        "Citoyenneté et population",
                        "4227",
                    ),
                ),
            ),
            (
                "Cimetières et affaires funéraires",
                (
                    ("Gestionnaire des concessions funéraires", 2, "2.00", "Funéraire", "4110"),
                    ("Agent de cimetière", 12, "12.00", "Funéraire", "9629"),
                ),
            ),
        ),
    ),
    (
        "Direction des ressources humaines",
        (
            (
                "Carrières et paie",
                (
                    ("Responsable carrières et paie", 1, "1.00", "Ressources humaines", "2423"),
                    ("Gestionnaire paie", 7, "6.60", "Ressources humaines", "4313"),
                    ("Gestionnaire carrières", 8, "7.80", "Ressources humaines", "4416"),
                    (
                        "Gestionnaire absences et retraites",
                        3,
                        "3.00",
                        "Ressources humaines",
                        "4416",
                    ),
                ),
            ),
            (
                "Emploi et compétences",
                (
                    ("Chargé de recrutement", 3, "3.00", "Ressources humaines", "2423"),
                    ("Chargé de formation", 3, "2.80", "Ressources humaines", "2424"),
                    (
                        "Conseiller en évolution professionnelle",
                        1,
                        "1.00",
                        "Ressources humaines",
                        "2423",
                    ),
                ),
            ),
            (
                "Santé et qualité de vie au travail",
                (
                    (
                        "Conseiller en prévention des risques professionnels",
                        2,
                        "2.00",
                        "Ressources humaines",
                        "2263",
                    ),
                    ("Infirmier de santé au travail", 1, "1.00", "Santé", "2221"),
                    ("Assistant social du personnel", 1, "0.80", "Social", "2635"),
                    (
                        "Assistant de gestion administrative",
                        2,
                        "2.00",
                        "Affaires générales",
                        "3343",
                    ),
                ),
            ),
        ),
    ),
    (
        "Direction des finances et de la commande publique",
        (
            (
                "Budget et comptabilité",
                (
                    ("Responsable budget et comptabilité", 1, "1.00", "Finances", "1211"),
                    (
                        "Chargé de préparation et d'exécution budgétaire",
                        3,
                        "3.00",
                        "Finances",
                        "3313",
                    ),
                    ("Gestionnaire comptable", 12, "11.40", "Finances", "4311"),
                    ("Analyste financier", 1, "1.00", "Finances", "2413"),
                ),
            ),
            (
                "Commande publique",
                (
                    ("Acheteur public", 4, "4.00", "Achat public", "3323"),
                    ("Gestionnaire des marchés publics", 5, "4.80", "Achat public", "4110"),
                    ("Juriste de la commande publique", 2, "2.00", "Achat public", "2619"),
                ),
            ),
            (
                "Recettes et régies",
                (
                    ("Agent de facturation", 5, "4.60", "Finances", "4311"),
                    ("Régisseur de recettes", 3, "3.00", "Finances", "5230"),
                ),
            ),
        ),
    ),
    (
        "Direction des affaires juridiques et des moyens généraux",
        (
            (
                "Affaires juridiques",
                (
                    ("Juriste", 3, "3.00", "Affaires juridiques", "2619"),
                    (
                        "Gestionnaire des assurances et des sinistres",
                        2,
                        "2.00",
                        "Affaires juridiques",
                        "3315",
                    ),
                    ("Assistant juridique", 1, "1.00", "Affaires juridiques", "3411"),
                ),
            ),
            (
                "Archives municipales",
                (
                    ("Archiviste", 2, "2.00", "Archives et documentation", "2621"),
                    ("Agent d'archives", 3, "2.50", "Archives et documentation", "4415"),
                ),
            ),
            (
                "Moyens généraux et logistique",
                (
                    ("Agent de logistique", 16, "16.00", "Logistique et moyens généraux", "9333"),
                    ("Reprographe", 3, "3.00", "Logistique et moyens généraux", "7322"),
                    (
                        "Agent d'entretien des locaux",
                        60,
                        "51.80",
                        "Entretien et services généraux",
                        "9112",
                    ),
                    (
                        "Gestionnaire des fournitures",
                        2,
                        "2.00",
                        "Logistique et moyens généraux",
                        "4321",
                    ),
                ),
            ),
        ),
    ),
    (
        "Direction du numérique et des systèmes d'information",
        (
            (
                "Support et infrastructures",
                (
                    (
                        "Technicien support informatique",
                        9,
                        "9.00",
                        "Systèmes d'information",
                        "3512",
                    ),
                    (
                        "Administrateur systèmes et réseaux",
                        4,
                        "4.00",
                        "Systèmes d'information",
                        "2522",
                    ),
                    (
                        "Technicien réseaux et télécommunications",
                        3,
                        "3.00",
                        "Systèmes d'information",
                        "3513",
                    ),
                    (
                        "Technicien d'exploitation informatique",
                        2,
                        "2.00",
                        "Systèmes d'information",
                        "3511",
                    ),
                ),
            ),
            (
                "Applications et données",
                (
                    ("Chef de projet applicatif", 5, "5.00", "Systèmes d'information", "2511"),
                    (
                        "Administrateur de bases de données",
                        1,
                        "1.00",
                        "Systèmes d'information",
                        "2521",
                    ),
                    ("Développeur", 2, "2.00", "Systèmes d'information", "2512"),
                    (
                        "Délégué à la protection des données",
                        1,
                        "1.00",
                        "Affaires juridiques",
                        "2619",
                    ),
                    # A vacant post: budgeted, not yet filled.
                    (
                        "Chef de projet données et intelligence artificielle",
                        0,
                        "0.00",
                        "Systèmes d'information",
                        "2511",
                    ),
                ),
            ),
        ),
    ),
    (
        "Direction de la communication",
        (
            (
                "Communication et information",
                (
                    ("Chargé de communication", 4, "4.00", "Communication", "2432"),
                    ("Chargé de communication numérique", 2, "2.00", "Communication", "2432"),
                    ("Rédacteur du magazine municipal", 2, "2.00", "Communication", "2642"),
                    ("Graphiste", 2, "2.00", "Communication", "2166"),
                    ("Webmestre", 1, "1.00", "Communication", "3514"),
                    ("Photographe", 1, "1.00", "Communication", "3431"),
                ),
            ),
            (
                "Événements et protocole",
                (
                    ("Chargé d'événementiel", 3, "3.00", "Communication", "3332"),
                    (
                        "Agent de logistique événementielle",
                        8,
                        "8.00",
                        "Logistique et moyens généraux",
                        "9333",
                    ),
                ),
            ),
        ),
    ),
    (
        "Direction de l'action sociale (CCAS)",
        (
            (
                "Accueil social et aides",
                (
                    ("Assistant de service social", 8, "7.50", "Social", "2635"),
                    ("Conseiller en économie sociale et familiale", 4, "4.00", "Social", "3412"),
                    ("Instructeur des aides sociales", 7, "6.60", "Social", "3353"),
                    ("Agent d'accueil social", 5, "4.80", "Social", "4226"),
                ),
            ),
            (
                "Maintien à domicile",
                (
                    ("Aide à domicile", 90, "69.30", "Social", "5322"),
                    ("Responsable de secteur d'aide à domicile", 3, "3.00", "Social", "3412"),
                    ("Planificateur des interventions à domicile", 2, "2.00", "Social", "4110"),
                    ("Agent de portage de repas", 6, "5.00", "Social", "8322"),
                ),
            ),
            (
                "Résidences autonomie",
                (
                    ("Responsable de résidence autonomie", 3, "3.00", "Social", "1343"),
                    ("Aide-soignant", 18, "17.10", "Santé", "5321"),
                    ("Agent social de résidence autonomie", 28, "25.90", "Social", "5329"),
                    ("Cuisinier", 4, "4.00", "Restauration collective", "5120"),
                ),
            ),
            (
                "Insertion et logement",
                (
                    ("Conseiller en insertion professionnelle", 3, "3.00", "Social", "2423"),
                    (
                        "Chargé d'accompagnement au logement",
                        2,
                        "2.00",
                        "Habitat et logement",
                        "3412",
                    ),
                ),
            ),
        ),
    ),
    (
        "Direction de l'éducation",
        (
            (
                "Écoles maternelles – ATSEM",
                (
                    ("ATSEM", 262, "249.40", "Éducation et animation", "5312"),
                    ("Responsable de secteur ATSEM", 4, "4.00", "Éducation et animation", ""),
                ),
            ),
            (
                "Entretien des écoles",
                (
                    (
                        "Agent d'entretien des écoles",
                        200,
                        "174.50",
                        "Entretien et services généraux",
                        "9112",
                    ),
                    ("Gardien d'école", 32, "32.00", "Entretien et services généraux", "5153"),
                    (
                        "Chef d'équipe entretien",
                        6,
                        "6.00",
                        "Entretien et services généraux",
                        "5151",
                    ),
                ),
            ),
            (
                "Périscolaire et accueils de loisirs",
                (
                    ("Animateur périscolaire", 330, "198.40", "Éducation et animation", "5311"),
                    (
                        "Directeur d'accueil de loisirs",
                        22,
                        "22.00",
                        "Éducation et animation",
                        "1341",
                    ),
                    ("Coordinateur périscolaire", 4, "4.00", "Éducation et animation", ""),
                ),
            ),
            (
                "Inscriptions et vie scolaire",
                (
                    (
                        "Gestionnaire des inscriptions scolaires",
                        5,
                        "4.80",
                        "Éducation et animation",
                        "4110",
                    ),
                    ("Agent de facturation des familles", 3, "3.00", "Finances", "4311"),
                    (
                        "Chargé du projet éducatif de territoire",
                        1,
                        "1.00",
                        "Éducation et animation",
                        "2422",
                    ),
                ),
            ),
        ),
    ),
    (
        "Direction de la restauration collective",
        (
            (
                "Cuisine centrale",
                (
                    ("Chef de production culinaire", 2, "2.00", "Restauration collective", "3434"),
                    ("Cuisinier", 30, "30.00", "Restauration collective", "5120"),
                    ("Diététicien", 1, "1.00", "Restauration collective", "2265"),
                    (
                        "Responsable qualité et hygiène alimentaire",
                        1,
                        "1.00",
                        "Restauration collective",
                        "3257",
                    ),
                    ("Agent de plonge", 10, "9.00", "Restauration collective", "9412"),
                    ("Magasinier", 4, "4.00", "Logistique et moyens généraux", "4321"),
                    ("Chauffeur-livreur", 7, "7.00", "Restauration collective", "8322"),
                ),
            ),
            (
                "Restauration scolaire",
                (
                    (
                        "Agent de restauration scolaire",
                        190,
                        "139.60",
                        "Restauration collective",
                        "9412",
                    ),
                    ("Responsable d'office", 24, "23.00", "Restauration collective", "5120"),
                ),
            ),
        ),
    ),
    (
        "Direction de la petite enfance",
        (
            (
                "Crèches collectives",
                (
                    ("Directeur de crèche", 12, "12.00", "Petite enfance", "1341"),
                    ("Éducateur de jeunes enfants", 36, "35.10", "Petite enfance", "2342"),
                    ("Auxiliaire de puériculture", 105, "98.70", "Petite enfance", "5311"),
                    (
                        "Agent d'accompagnement à l'éducation de l'enfant",
                        75,
                        "69.80",
                        "Petite enfance",
                        "5311",
                    ),
                    ("Infirmier puériculteur", 4, "4.00", "Santé", "2221"),
                    ("Cuisinier de crèche", 12, "12.00", "Restauration collective", "5120"),
                    (
                        "Agent d'entretien de crèche",
                        18,
                        "16.20",
                        "Entretien et services généraux",
                        "9112",
                    ),
                ),
            ),
            (
                "Accueil familial et relais petite enfance",
                (
                    (
                        "Assistant maternel de crèche familiale",
                        38,
                        "38.00",
                        "Petite enfance",
                        "5311",
                    ),
                    ("Animateur du relais petite enfance", 3, "3.00", "Petite enfance", "2342"),
                ),
            ),
            (
                "Guichet unique petite enfance",
                (
                    ("Gestionnaire des demandes d'accueil", 3, "3.00", "Petite enfance", "4110"),
                    ("Psychologue", 1, "0.50", "Santé", "2634"),
                    ("Médecin de crèche", 1, "0.30", "Santé", "2211"),
                ),
            ),
        ),
    ),
    (
        "Direction de la culture",
        (
            (
                "Médiathèques",
                (
                    ("Bibliothécaire", 9, "9.00", "Bibliothèques et centres documentaires", "2622"),
                    (
                        "Assistant de conservation des bibliothèques",
                        14,
                        "13.50",
                        "Bibliothèques et centres documentaires",
                        "3433",
                    ),
                    (
                        "Agent de bibliothèque",
                        34,
                        "31.20",
                        "Bibliothèques et centres documentaires",
                        "4411",
                    ),
                    (
                        "Médiateur numérique",
                        3,
                        "3.00",
                        "Bibliothèques et centres documentaires",
                        "2356",
                    ),
                ),
            ),
            (
                "Conservatoire de musique et de danse",
                (
                    ("Professeur de musique", 66, "47.30", "Enseignements artistiques", "2354"),
                    ("Professeur de danse", 6, "4.50", "Enseignements artistiques", "2355"),
                    (
                        "Chargé de scolarité du conservatoire",
                        2,
                        "2.00",
                        "Affaires générales",
                        "4110",
                    ),
                    ("Agent d'accueil du conservatoire", 3, "2.50", "Affaires générales", "4226"),
                ),
            ),
            (
                "Musée et patrimoine",
                (
                    ("Conservateur du patrimoine", 1, "1.00", "Patrimoine culturel", "2621"),
                    ("Régisseur des collections", 1, "1.00", "Patrimoine culturel", "3433"),
                    ("Médiateur culturel", 4, "3.60", "Patrimoine culturel", "3435"),
                    ("Agent de surveillance de musée", 12, "11.00", "Patrimoine culturel", "5414"),
                ),
            ),
            (
                "Théâtre municipal",
                (
                    (
                        "Chargé de production et de programmation",
                        2,
                        "2.00",
                        "Arts et techniques du spectacle",
                        "3435",
                    ),
                    (
                        "Régisseur du spectacle",
                        4,
                        "4.00",
                        "Arts et techniques du spectacle",
                        "3521",
                    ),
                    (
                        "Technicien du spectacle",
                        9,
                        "8.00",
                        "Arts et techniques du spectacle",
                        "3521",
                    ),
                    ("Agent de billetterie", 3, "2.60", "Arts et techniques du spectacle", "5230"),
                ),
            ),
            (
                "Vie associative et salles municipales",
                (
                    (
                        "Chargé de la vie associative",
                        3,
                        "3.00",
                        "Développement territorial",
                        "2422",
                    ),
                    (
                        "Gestionnaire des salles municipales",
                        3,
                        "3.00",
                        "Logistique et moyens généraux",
                        "4110",
                    ),
                ),
            ),
        ),
    ),
    (
        "Direction des sports",
        (
            (
                "Équipements sportifs",
                (
                    ("Responsable des équipements sportifs", 2, "2.00", "Sport", "1431"),
                    ("Gardien d'équipement sportif", 48, "48.00", "Sport", "5153"),
                    (
                        "Agent d'entretien des équipements sportifs",
                        26,
                        "25.00",
                        "Entretien et services généraux",
                        "9112",
                    ),
                ),
            ),
            (
                "Piscines",
                (
                    ("Maître-nageur sauveteur", 32, "31.00", "Sport", "3422"),
                    ("Agent d'accueil et de caisse de piscine", 10, "8.80", "Sport", "5230"),
                    ("Technicien de traitement de l'eau", 2, "2.00", "Sport", "3132"),
                ),
            ),
            (
                "Animation sportive",
                (
                    (
                        "Éducateur des activités physiques et sportives",
                        22,
                        "21.00",
                        "Sport",
                        "3422",
                    ),
                    ("Chargé des relations avec les clubs", 2, "2.00", "Sport", ""),
                ),
            ),
        ),
    ),
    (
        "Direction de la tranquillité publique",
        (
            (
                "Police municipale",
                (
                    ("Chef de service de police municipale", 3, "3.00", "Sécurité", "3355"),
                    ("Policier municipal", 70, "70.00", "Sécurité", "5412"),
                    (
                        "Agent de surveillance de la voie publique",
                        20,
                        "20.00",
                        "Sécurité",
                        "5419",
                    ),
                    (
                        "Agent administratif de police municipale",
                        3,
                        "3.00",
                        "Affaires générales",
                        "4110",
                    ),
                ),
            ),
            (
                "Centre de supervision urbaine",
                (
                    (
                        "Responsable du centre de supervision urbaine",
                        1,
                        "1.00",
                        "Sécurité",
                        "3355",
                    ),
                    ("Opérateur de vidéoprotection", 14, "14.00", "Sécurité", "5414"),
                ),
            ),
            (
                "Médiation et prévention",
                (
                    ("Médiateur social", 8, "8.00", "Sécurité", "3412"),
                    ("Agent de sécurité des sorties d'écoles", 26, "9.80", "Sécurité", "5419"),
                    (
                        "Coordonnateur du conseil local de sécurité",
                        1,
                        "1.00",
                        "Sécurité",
                        "2422",
                    ),
                ),
            ),
        ),
    ),
    (
        "Direction du cadre de vie",
        (
            (
                "Espaces verts",
                (
                    ("Jardinier", 100, "98.50", "Espaces verts et paysage", "6113"),
                    (
                        "Chef d'équipe espaces verts",
                        10,
                        "10.00",
                        "Espaces verts et paysage",
                        "6113",
                    ),
                    ("Élagueur-grimpeur", 8, "8.00", "Espaces verts et paysage", "6210"),
                    (
                        "Horticulteur des serres municipales",
                        6,
                        "6.00",
                        "Espaces verts et paysage",
                        "6113",
                    ),
                    ("Technicien espaces verts", 3, "3.00", "Espaces verts et paysage", "3142"),
                    ("Paysagiste concepteur", 1, "1.00", "Espaces verts et paysage", "2162"),
                ),
            ),
            (
                "Propreté urbaine",
                (
                    ("Agent de propreté urbaine", 160, "157.00", "Propreté et déchets", "9613"),
                    (
                        "Conducteur d'engins de nettoiement",
                        22,
                        "22.00",
                        "Propreté et déchets",
                        "8332",
                    ),
                    ("Chef d'équipe propreté", 9, "9.00", "Propreté et déchets", "5151"),
                    (
                        "Agent de collecte des dépôts sauvages",
                        10,
                        "10.00",
                        "Propreté et déchets",
                        "9611",
                    ),
                ),
            ),
            (
                "Environnement et transition écologique",
                (
                    (
                        "Chargé de mission transition écologique",
                        2,
                        "2.00",
                        "Environnement",
                        "2133",
                    ),
                    (
                        "Animateur en éducation à l'environnement",
                        2,
                        "2.00",
                        "Environnement",
                        "3423",
                    ),
                ),
            ),
        ),
    ),
    (
        "Direction de l'espace public et des mobilités",
        (
            (
                "Voirie",
                (
                    (
                        "Agent d'entretien de la voirie",
                        52,
                        "52.00",
                        "Voirie et infrastructures",
                        "9312",
                    ),
                    ("Chef d'équipe voirie", 6, "6.00", "Voirie et infrastructures", "3123"),
                    ("Technicien voirie", 6, "6.00", "Voirie et infrastructures", "3112"),
                    (
                        "Conducteur d'engins de travaux publics",
                        5,
                        "5.00",
                        "Voirie et infrastructures",
                        "8342",
                    ),
                ),
            ),
            (
                "Signalisation et éclairage public",
                (
                    (
                        "Électricien d'éclairage public",
                        9,
                        "9.00",
                        "Voirie et infrastructures",
                        "7413",
                    ),
                    ("Agent de signalisation", 8, "8.00", "Voirie et infrastructures", "9312"),
                ),
            ),
            (
                "Mobilités et stationnement",
                (
                    ("Chargé d'études mobilités", 2, "2.00", "Urbanisme et aménagement", "2164"),
                    ("Gestionnaire du stationnement", 3, "3.00", "Affaires générales", "4110"),
                ),
            ),
        ),
    ),
    (
        "Direction des bâtiments et du patrimoine",
        (
            (
                "Régie bâtiments",
                (
                    ("Électricien", 12, "12.00", "Patrimoine bâti", "7411"),
                    ("Plombier-chauffagiste", 10, "10.00", "Patrimoine bâti", "7126"),
                    ("Menuisier", 8, "8.00", "Patrimoine bâti", "7115"),
                    ("Peintre en bâtiment", 10, "10.00", "Patrimoine bâti", "7131"),
                    ("Maçon", 6, "6.00", "Patrimoine bâti", "7112"),
                    ("Serrurier-métallier", 4, "4.00", "Patrimoine bâti", "7222"),
                ),
            ),
            (
                "Études et travaux bâtiments",
                (
                    ("Ingénieur bâtiment", 3, "3.00", "Patrimoine bâti", "2142"),
                    ("Technicien bâtiment", 9, "9.00", "Patrimoine bâti", "3112"),
                    ("Dessinateur-projeteur", 2, "2.00", "Patrimoine bâti", "3118"),
                    (
                        "Chargé de la maintenance et de l'énergie",
                        2,
                        "2.00",
                        "Patrimoine bâti",
                        "2149",
                    ),
                ),
            ),
            (
                "Garage municipal",
                (
                    (
                        "Mécanicien poids lourds et engins",
                        6,
                        "6.00",
                        "Logistique et moyens généraux",
                        "7231",
                    ),
                    (
                        "Gestionnaire du parc automobile",
                        1,
                        "1.00",
                        "Logistique et moyens généraux",
                        "4323",
                    ),
                ),
            ),
        ),
    ),
    (
        "Direction de l'urbanisme et de l'aménagement",
        (
            (
                "Urbanisme réglementaire",
                (
                    (
                        "Instructeur des autorisations d'urbanisme",
                        8,
                        "7.80",
                        "Urbanisme et aménagement",
                        "3354",
                    ),
                    (
                        "Contrôleur de la conformité des travaux",
                        2,
                        "2.00",
                        "Urbanisme et aménagement",
                        "3359",
                    ),
                    ("Assistant urbanisme", 3, "3.00", "Affaires générales", "4110"),
                ),
            ),
            (
                "Planification et projets urbains",
                (
                    ("Chargé d'études en urbanisme", 4, "4.00", "Urbanisme et aménagement", "2164"),
                    ("Géomaticien", 2, "2.00", "Systèmes d'information", "2165"),
                ),
            ),
            (
                "Foncier et habitat",
                (
                    (
                        "Chargé d'opérations foncières",
                        2,
                        "2.00",
                        "Urbanisme et aménagement",
                        "3334",
                    ),
                    ("Chargé de mission habitat", 1, "1.00", "Habitat et logement", "2422"),
                    ("Inspecteur de salubrité", 2, "2.00", "Santé", "3257"),
                ),
            ),
        ),
    ),
    (
        "Direction de la jeunesse et de la vie des quartiers",
        (
            (
                "Jeunesse",
                (
                    ("Animateur jeunesse", 24, "23.00", "Éducation et animation", "3423"),
                    ("Informateur jeunesse", 3, "3.00", "Éducation et animation", "4225"),
                ),
            ),
            (
                "Maisons de quartier",
                (
                    (
                        "Responsable de maison de quartier",
                        5,
                        "5.00",
                        "Éducation et animation",
                        "1344",
                    ),
                    (
                        "Animateur de maison de quartier",
                        20,
                        "19.00",
                        "Éducation et animation",
                        "3423",
                    ),
                    (
                        "Agent d'accueil de maison de quartier",
                        10,
                        "9.20",
                        "Affaires générales",
                        "4226",
                    ),
                ),
            ),
            (
                "Politique de la ville",
                (
                    (
                        "Chef de projet politique de la ville",
                        2,
                        "2.00",
                        "Développement territorial",
                        "2422",
                    ),
                    ("Adulte-relais", 4, "4.00", "Social", "3412"),
                ),
            ),
        ),
    ),
)
