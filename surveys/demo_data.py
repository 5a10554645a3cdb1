"""What the fictional heads of Clairval-sur-Loire answered in the demo campaign (literals).

Each ``DemoInventory`` is the état des lieux of one service of ``services.demo_data``, at
the stage it has reached. Complete inventories (submitted, returned, validated) answer every
required question and describe every role still in the chart with tasks whose shares make
100 %; drafts are left half done on purpose. The task types are codes of
``surveys/data/task_types.json``; ``accountable=None`` means "the type's default", and an
exposure or intensity given here differs from the type's default and carries the head's
justification, as the questionnaire requires. Everything is invented.
"""

from dataclasses import dataclass, field
from typing import NamedTuple

NOT_STARTED, DRAFT, SUBMITTED, RETURNED, VALIDATED = (
    "not_started",
    "draft",
    "submitted",
    "returned",
    "validated",
)


class Task(NamedTuple):
    """One task row of a role, as the head typed it."""

    description: str
    share: int
    task_type: str
    data_class: str
    accountable: bool | None = None
    exposure: str = ""
    intensity: str = ""
    justification: str = ""


class AddedRole(NamedTuple):
    """A role the head added because the organisation chart lacks it."""

    title: str
    headcount: int
    fte: str
    note: str


@dataclass(frozen=True)
class DemoInventory:
    """The état des lieux of one service: its answers, tasks and history.

    ``days`` are the days after the campaign opened when the head started, submitted, and
    when the pilote reviewed; only those the status needs are given.
    """

    service: str
    status: str
    days: tuple[int, ...]
    answers: dict
    roles: dict[str, tuple[Task, ...]] = field(default_factory=dict)
    gone_roles: dict[str, str] = field(default_factory=dict)
    added_roles: tuple[AddedRole, ...] = ()
    return_comment: str = ""


NO_AI = {"tools": ["none"]}

ESPACES_VERTS = DemoInventory(
    service="Espaces verts",
    status=VALIDATED,
    days=(1, 9, 12),
    answers={
        "service": {
            "missions": (
                "Créer, entretenir et fleurir les 320 hectares de parcs, squares et jardins de "
                "la ville ; gérer le patrimoine arboré (12 000 arbres) ; produire en régie les "
                "plantes des serres municipales."
            ),
            "public": ["habitants", "elus"],
            "yearly_requests": 2400,
        },
        "ai_use": NO_AI,
        "opportunities": {
            "improvements": ["less_admin", "knowledge"],
            "improvement_details": (
                "Préparer plus vite les réponses aux signalements d'habitants (arbre "
                "dangereux, tonte) et retrouver les prescriptions du plan de gestion "
                "différenciée."
            ),
            "needs": "Une tablette par chef d'équipe et un outil fourni par la ville.",
        },
        "concerns": {
            "agents_concerns": (
                "Les jardiniers ne se sentent pas concernés ; les chefs d'équipe craignent un "
                "contrôle à distance de leur activité."
            ),
            "training": "Prise en main des tablettes et du logiciel de gestion des interventions.",
            "stay_human": (
                "Tout le travail au sol et en hauteur, le choix des végétaux et le conseil "
                "donné sur place aux habitants."
            ),
            "agents_consulted": "yes",
            "share_consulted": 60.0,
        },
        "comments": {
            "free": "État des lieux préparé avec les chefs d'équipe lors de la réunion de secteur."
        },
    },
    roles={
        "Jardinier": (
            Task("Tondre, tailler, désherber et planter", 70, "entretenir-espaces-verts", "D0"),
            Task(
                "Conduire les tondeuses autoportées et les utilitaires",
                15,
                "conduire-vehicule",
                "D0",
            ),
            Task("Préparer les fleurissements saisonniers", 10, "entretenir-espaces-verts", "D0"),
            Task("Renseigner les fiches d'intervention", 5, "saisir-donnees", "D1"),
        ),
        "Chef d'équipe espaces verts": (
            Task("Organiser les chantiers et répartir le travail", 30, "encadrer-equipe", "D2"),
            Task("Travailler sur le terrain avec l'équipe", 35, "entretenir-espaces-verts", "D0"),
            Task("Établir les plannings de tonte et d'astreinte", 15, "etablir-plannings", "D2"),
            Task("Rédiger les comptes rendus d'intervention", 10, "rediger-compte-rendu", "D1"),
            Task("Répondre aux réclamations des riverains", 10, "repondre-courriels", "D2"),
        ),
        "Élagueur-grimpeur": (
            Task("Élaguer et abattre les arbres en hauteur", 75, "entretenir-espaces-verts", "D0"),
            Task("Diagnostiquer l'état sanitaire des arbres", 15, "controler-terrain", "D0"),
            Task("Conduire la nacelle et le camion-broyeur", 10, "conduire-vehicule", "D0"),
        ),
        "Horticulteur des serres municipales": (
            Task(
                "Produire les plants en serre (semis, repiquage)",
                70,
                "entretenir-espaces-verts",
                "D0",
            ),
            Task("Gérer les stocks de graines, terreaux et pots", 15, "gerer-stocks", "D0"),
            Task("Livrer les plantes aux équipes de quartier", 15, "conduire-vehicule", "D0"),
        ),
        "Technicien espaces verts": (
            Task("Planifier les travaux et suivre les chantiers", 30, "controler-terrain", "D1"),
            Task("Préparer les marchés d'entretien et de végétaux", 20, "preparer-marche", "D1"),
            Task("Suivre le budget de fonctionnement", 15, "preparer-budget", "D1"),
            Task(
                "Rédiger les notes sur le patrimoine arboré pour les élus",
                20,
                "rediger-note",
                "D1",
                exposure="E2",
                justification=(
                    "Les notes reprennent les relevés du logiciel de gestion des arbres : un "
                    "assistant sans accès à ce logiciel n'en connaît rien."
                ),
            ),
            Task("Répondre aux signalements des habitants", 15, "repondre-courriels", "D2"),
        ),
        "Paysagiste concepteur": (
            Task(
                "Concevoir les aménagements paysagers et rédiger leurs notices",
                40,
                "rediger-note",
                "D0",
                intensity="0.375",
                justification=(
                    "La conception repose sur des plans et des visites de site ; l'assistant "
                    "n'aide qu'à la rédaction des notices."
                ),
            ),
            Task("Suivre les chantiers d'aménagement", 25, "controler-terrain", "D0"),
            Task(
                "Rédiger les pièces techniques des marchés de travaux", 20, "preparer-marche", "D1"
            ),
            Task("Animer les réunions de concertation", 15, "animer-reunion", "D1"),
        ),
    },
)

CARRIERES_PAIE = DemoInventory(
    service="Carrières et paie",
    status=VALIDATED,
    days=(2, 10, 13),
    answers={
        "service": {
            "missions": (
                "Gérer la carrière, la paie et les absences des agents de la ville et du CCAS : "
                "arrêtés individuels, paie mensuelle, déclarations sociales, retraites."
            ),
            "public": ["agents"],
            "yearly_requests": 18000,
            "opening_hours": "Accueil des agents du lundi au vendredi, 9 h – 12 h",
        },
        "ai_use": NO_AI,
        "opportunities": {
            "improvements": ["faster_answers", "knowledge"],
            "improvement_details": (
                "Retrouver vite la règle statutaire applicable (décrets, circulaires du centre "
                "de gestion) pour répondre aux agents."
            ),
            "needs": "Un outil hébergé par la ville : les dossiers des agents sont confidentiels.",
        },
        "concerns": {
            "agents_concerns": "La peur d'erreurs de paie produites par une machine.",
            "training": "Vérifier une réponse produite par l'IA ; règles d'usage des données RH.",
            "stay_human": "Les décisions individuelles et l'écoute des agents en difficulté.",
            "agents_consulted": "yes",
            "share_consulted": 100.0,
        },
        "comments": {"free": "Tous les gestionnaires ont relu l'état des lieux en réunion."},
    },
    roles={
        "Responsable carrières et paie": (
            Task(
                "Encadrer les gestionnaires et répartir les portefeuilles",
                25,
                "encadrer-equipe",
                "D2",
            ),
            Task("Signer les arrêtés individuels par délégation", 20, "prendre-decision", "D2"),
            Task("Préparer et suivre la masse salariale", 25, "preparer-budget", "D1"),
            Task(
                "Conseiller la direction sur l'application du statut",
                15,
                "conseiller-juridique",
                "D2",
            ),
            Task("Rédiger les notes à la direction générale", 15, "rediger-note", "D1"),
        ),
        "Gestionnaire paie": (
            Task("Saisir les éléments variables de paie", 35, "saisir-donnees", "D2"),
            Task("Contrôler et préparer la paie mensuelle", 35, "preparer-paie", "D2"),
            Task("Établir les déclarations sociales et attestations", 15, "preparer-paie", "D2"),
            Task(
                "Répondre aux questions des agents sur leur bulletin",
                15,
                "repondre-courriels",
                "D2",
            ),
        ),
        "Gestionnaire carrières": (
            Task("Préparer les arrêtés d'avancement et de position", 35, "preparer-acte", "D2"),
            Task("Tenir à jour les dossiers des agents", 30, "gerer-dossiers-agents", "D2"),
            Task("Préparer les dossiers de promotion", 15, "rediger-note", "D2"),
            Task("Répondre aux agents sur leur carrière", 20, "repondre-courriels", "D2"),
        ),
        "Gestionnaire absences et retraites": (
            Task(
                "Suivre les arrêts maladie et accidents de service",
                45,
                "gerer-dossiers-agents",
                "D3",
            ),
            Task("Constituer les dossiers de retraite", 30, "instruire-dossier", "D2"),
            Task("Saisir les absences dans le logiciel de temps", 15, "saisir-donnees", "D3"),
            Task("Informer les agents sur leurs droits", 10, "renseigner-usagers", "D2"),
        ),
    },
)

CITY_TOOL = {
    "tools": ["city_tool"],
    "tasks_with_ai": (
        "L'assistant de rédaction hébergé par la DSI (en test depuis janvier) pour des "
        "premières versions de notes et de textes ; jamais de données personnelles."
    ),
    "data_typed": ["D0", "D1"],
}

BUDGET = DemoInventory(
    service="Budget et comptabilité",
    status=VALIDATED,
    days=(3, 11, 14),
    answers={
        "service": {
            "missions": (
                "Préparer et exécuter le budget de la ville (310 M€), tenir la comptabilité, "
                "payer les fournisseurs et encaisser les recettes."
            ),
            "public": ["agents", "elus", "entreprises"],
            "yearly_requests": 42000,
        },
        "ai_use": CITY_TOOL,
        "opportunities": {
            "improvements": ["less_admin", "quality"],
            "improvement_details": "Commenter les tableaux d'exécution budgétaire pour les élus.",
            "needs": "Des données comptables propres et un outil relié au logiciel financier.",
        },
        "concerns": {
            "agents_concerns": "Les gestionnaires comptables s'inquiètent pour leurs postes.",
            "training": "Usage de l'assistant de la ville et contrôle de ses chiffres.",
            "stay_human": "Le contrôle des mandats et la relation avec la trésorerie.",
            "agents_consulted": "yes",
            "share_consulted": 75.0,
        },
        "comments": {"free": "La dématérialisation des factures a déjà changé le métier."},
    },
    roles={
        "Responsable budget et comptabilité": (
            Task(
                "Préparer le budget primitif et le compte administratif",
                35,
                "preparer-budget",
                "D1",
            ),
            Task("Encadrer l'équipe comptable", 20, "encadrer-equipe", "D2"),
            Task("Rédiger les rapports et délibérations budgétaires", 25, "preparer-acte", "D1"),
            Task("Répondre aux directions et à la trésorerie", 20, "repondre-courriels", "D1"),
        ),
        "Chargé de préparation et d'exécution budgétaire": (
            Task("Consolider les demandes budgétaires des directions", 30, "preparer-budget", "D1"),
            Task("Produire les tableaux de bord d'exécution", 35, "analyser-donnees", "D1"),
            Task("Préparer les décisions modificatives", 20, "preparer-acte", "D1"),
            Task("Rédiger les notes d'analyse", 15, "rediger-note", "D1"),
        ),
        "Gestionnaire comptable": (
            Task("Liquider et mandater les factures", 50, "executer-depense", "D1"),
            Task("Émettre les titres de recettes", 20, "emettre-titres", "D2"),
            Task("Rapprocher les comptes avec le comptable public", 15, "analyser-donnees", "D1"),
            Task("Répondre aux fournisseurs sur leurs paiements", 15, "repondre-courriels", "D1"),
        ),
        "Analyste financier": (
            Task("Construire la prospective financière", 40, "analyser-donnees", "D1"),
            Task(
                "Analyser les comptes des associations subventionnées", 25, "analyser-donnees", "D1"
            ),
            Task("Gérer la dette et la trésorerie", 20, "preparer-budget", "D1"),
            Task("Rédiger les notes de conjoncture pour les élus", 15, "rediger-note", "D1"),
        ),
    },
)

URBANISME = DemoInventory(
    service="Urbanisme réglementaire",
    status=VALIDATED,
    days=(2, 12, 15),
    answers={
        "service": {
            "missions": (
                "Instruire les autorisations d'urbanisme (permis, déclarations préalables, "
                "certificats), contrôler la conformité des travaux, conseiller les porteurs "
                "de projet."
            ),
            "public": ["habitants", "entreprises"],
            "yearly_requests": 3200,
            "opening_hours": "Mardi et jeudi, 8 h 30 – 12 h, sur rendez-vous",
        },
        "ai_use": {
            "tools": ["public_chatbot"],
            "tasks_with_ai": (
                "Résumer des courriers d'opposition de riverains et reformuler des réponses aux "
                "pétitionnaires, avec leurs noms et adresses."
            ),
            "data_typed": ["D2"],
        },
        "opportunities": {
            "improvements": ["knowledge", "faster_answers"],
            "improvement_details": (
                "Interroger le PLU et la jurisprudence en langage courant pour préparer "
                "l'instruction."
            ),
            "needs": "Un outil de recherche dans le PLU hébergé par la ville, et des règles claires.",
        },
        "concerns": {
            "agents_concerns": "Que l'on prenne la machine pour l'instructeur qui signe.",
            "training": "Règles de confidentialité ; limites des assistants publics.",
            "stay_human": "L'avis sur un projet et les contrôles sur place.",
            "agents_consulted": "yes",
            "share_consulted": 90.0,
        },
        "comments": {"free": "L'usage de l'assistant public a cessé après la note de la DSI."},
    },
    roles={
        "Instructeur des autorisations d'urbanisme": (
            Task(
                "Instruire les permis et déclarations préalables", 55, "instruire-urbanisme", "D2"
            ),
            Task("Recevoir les pétitionnaires et architectes", 15, "accueillir-guichet", "D2"),
            Task(
                "Rédiger les demandes de pièces et de majoration de délai",
                15,
                "rediger-courrier",
                "D2",
                exposure="E2",
                justification=(
                    "Ces courriers partent du logiciel d'instruction : seul un assistant intégré "
                    "à ce logiciel ferait gagner du temps."
                ),
            ),
            Task("Préparer les projets d'arrêté", 15, "preparer-acte", "D2"),
        ),
        "Contrôleur de la conformité des travaux": (
            Task("Contrôler la conformité des travaux sur place", 55, "controler-terrain", "D2"),
            Task("Rédiger les procès-verbaux d'infraction", 25, "rediger-compte-rendu", "D3"),
            Task("Préparer les mises en demeure", 20, "rediger-courrier", "D3"),
        ),
        "Assistant urbanisme": (
            Task("Enregistrer les dossiers déposés", 35, "saisir-donnees", "D2"),
            Task("Renseigner le public sur les démarches", 30, "renseigner-usagers", "D1"),
            Task("Répondre au téléphone", 20, "repondre-telephone", "D2"),
            Task("Classer et archiver les dossiers", 15, "classer-archiver", "D2"),
        ),
    },
)

CCAS = DemoInventory(
    service="Accueil social et aides",
    status=VALIDATED,
    days=(4, 13, 16),
    answers={
        "service": {
            "missions": (
                "Accueillir les habitants en difficulté, instruire les aides sociales légales et "
                "facultatives, accompagner les familles et les personnes isolées."
            ),
            "public": ["habitants", "partenaires"],
            "yearly_requests": 9500,
            "opening_hours": "Du lundi au vendredi, 8 h 30 – 12 h et 13 h 30 – 17 h",
        },
        "ai_use": {
            "tools": ["public_chatbot"],
            "tasks_with_ai": (
                "Deux agents ont reformulé des rapports sociaux et des courriers de refus d'aide "
                "dans un assistant public, parfois avec le nom des familles."
            ),
            "data_typed": ["D2", "D3"],
        },
        "opportunities": {
            "improvements": ["accessibility", "translation", "less_admin"],
            "improvement_details": (
                "Expliquer une décision en langage clair, ou dans la langue de la famille, sur "
                "un outil qui ne sort pas les données du CCAS."
            ),
            "needs": "Un outil hébergé par la ville, validé par la déléguée à la protection des données.",
        },
        "concerns": {
            "agents_concerns": (
                "Perdre le temps d'écoute au profit d'un traitement de masse ; la "
                "confidentialité des situations."
            ),
            "training": "Ce qui peut ou non être saisi ; écrire des consignes à un assistant.",
            "stay_human": "Tout entretien, toute évaluation de situation et toute décision d'aide.",
            "agents_consulted": "yes",
            "share_consulted": 85.0,
        },
        "comments": {"free": "Les agents concernés ont été informés sans reproche."},
    },
    roles={
        "Assistant de service social": (
            Task(
                "Mener les entretiens d'accompagnement des familles", 50, "accompagner-social", "D3"
            ),
            Task("Rédiger les rapports sociaux et évaluations", 25, "rediger-note", "D3"),
            Task("Présenter les situations en commission d'aides", 10, "animer-reunion", "D3"),
            Task(
                "Échanger avec la CAF, le département et les bailleurs",
                15,
                "repondre-courriels",
                "D3",
            ),
        ),
        "Conseiller en économie sociale et familiale": (
            Task(
                "Accompagner les ménages dans la gestion de leur budget",
                50,
                "accompagner-social",
                "D3",
            ),
            Task("Animer les ateliers budget et énergie", 20, "animer-activite", "D1"),
            Task("Instruire les dossiers de micro-crédit", 20, "instruire-dossier", "D3"),
            Task("Rédiger les bilans d'accompagnement", 10, "rediger-compte-rendu", "D3"),
        ),
        "Instructeur des aides sociales": (
            Task("Instruire les demandes d'aides sociales", 55, "instruire-dossier", "D3"),
            Task("Saisir les dossiers dans le logiciel d'aide sociale", 20, "saisir-donnees", "D3"),
            Task(
                "Rédiger les notifications de décision",
                15,
                "rediger-courrier",
                "D3",
                intensity="0.125",
                justification=(
                    "Les notifications suivent des modèles validés par le conseil "
                    "d'administration : l'assistant n'apporte presque rien."
                ),
            ),
            Task("Préparer les dossiers de la commission permanente", 10, "preparer-acte", "D3"),
        ),
        "Agent d'accueil social": (
            Task("Accueillir le public et orienter les demandes", 50, "accueillir-guichet", "D3"),
            Task(
                "Répondre au téléphone et prendre les rendez-vous", 30, "repondre-telephone", "D3"
            ),
            Task("Vérifier et enregistrer les pièces des dossiers", 20, "saisir-donnees", "D3"),
        ),
    },
)

MEDIATHEQUES = DemoInventory(
    service="Médiathèques",
    status=VALIDATED,
    days=(1, 8, 11),
    answers={
        "service": {
            "missions": (
                "Faire vivre le réseau des cinq médiathèques : prêt, conseil, action culturelle, "
                "accueil des classes et médiation numérique."
            ),
            "public": ["habitants", "partenaires"],
            "yearly_requests": 310000,
            "opening_hours": "Du mardi au samedi, 10 h – 18 h 30",
        },
        "ai_use": {
            "tools": ["other"],
            "tools_other": "Démonstrations d'outils publics en atelier, sans données d'usagers",
            "tasks_with_ai": "Ateliers « Comprendre l'IA » animés par les médiateurs numériques.",
            "data_typed": ["D0"],
        },
        "opportunities": {
            "improvements": ["accessibility", "translation", "other"],
            "improvement_details": "Résumés en FALC des sélections et traduction des animations.",
            "needs": "Du temps de formation pour les médiateurs.",
        },
        "concerns": {
            "agents_concerns": "Que le conseil au lecteur soit remplacé par des recommandations.",
            "training": "Éducation aux médias et à l'IA, pour l'expliquer au public.",
            "stay_human": "Le conseil, l'accueil et l'accompagnement des publics éloignés.",
            "agents_consulted": "yes",
            "share_consulted": 70.0,
        },
        "comments": {"free": "Les médiathèques veulent être un lieu où l'on apprend l'IA."},
    },
    roles={
        "Bibliothécaire": (
            Task("Choisir les acquisitions et analyser les prêts", 30, "analyser-donnees", "D1"),
            Task("Encadrer l'équipe d'une médiathèque de quartier", 25, "encadrer-equipe", "D2"),
            Task("Concevoir et animer l'action culturelle", 25, "animer-activite", "D1"),
            Task("Rédiger les bilans et dossiers de subvention", 20, "rediger-note", "D1"),
        ),
        "Assistant de conservation des bibliothèques": (
            Task("Cataloguer et indexer les documents", 30, "saisir-donnees", "D0"),
            Task("Accueillir et conseiller le public", 35, "accueillir-guichet", "D2"),
            Task(
                "Animer les heures du conte et les accueils de classes", 25, "animer-activite", "D1"
            ),
            Task("Rédiger les sélections pour le portail", 10, "rediger-communication", "D0"),
        ),
        "Agent de bibliothèque": (
            Task("Prêter, retourner et ranger les documents", 55, "preter-documents", "D2"),
            Task("Accueillir et orienter le public", 25, "accueillir-guichet", "D2"),
            Task("Équiper et réparer les documents", 15, "preter-documents", "D0"),
            Task("Gérer les réservations et les relances", 5, "saisir-donnees", "D2"),
        ),
        "Médiateur numérique": (
            Task("Animer les ateliers numériques", 45, "animer-activite", "D1"),
            Task(
                "Aider les usagers dans leurs démarches en ligne",
                35,
                "renseigner-usagers",
                "D2",
                exposure="E0",
                intensity="0.125",
                justification=(
                    "L'aide se fait à côté de l'usager, sur son écran et avec ses identifiants : "
                    "c'est un accompagnement en personne."
                ),
            ),
            Task("Préparer les supports d'atelier", 20, "rediger-communication", "D0"),
        ),
    },
)

RESTAURATION_SCOLAIRE = DemoInventory(
    service="Restauration scolaire",
    status=VALIDATED,
    days=(5, 10, 12),
    answers={
        "service": {
            "missions": "Servir 9 000 repas par jour dans les 48 offices des écoles.",
            "public": ["habitants"],
            "yearly_requests": 1300000,
        },
        "ai_use": NO_AI,
        "opportunities": {
            "improvements": ["less_admin"],
            "improvement_details": "Simplifier les registres d'hygiène des offices.",
        },
        "concerns": {
            "agents_concerns": "Aucune : le métier est manuel.",
            "stay_human": "Le service et l'attention portée aux enfants.",
            "agents_consulted": "yes",
            "share_consulted": 40.0,
        },
        "comments": {"free": "Les responsables d'office ont consulté leurs équipes."},
    },
    roles={
        "Agent de restauration scolaire": (
            Task("Mettre en place les salles et servir les repas", 50, "preparer-repas", "D0"),
            Task("Accompagner les enfants pendant le repas", 20, "encadrer-enfants", "D3"),
            Task("Laver la vaisselle et nettoyer l'office", 30, "nettoyer-locaux", "D0"),
        ),
        "Responsable d'office": (
            Task(
                "Réceptionner les repas et contrôler les températures",
                25,
                "controler-terrain",
                "D1",
            ),
            Task("Organiser le service et encadrer les agents", 25, "encadrer-equipe", "D2"),
            Task("Servir et participer au nettoyage", 25, "preparer-repas", "D0"),
            Task("Tenir les registres d'hygiène et les commandes", 15, "saisir-donnees", "D1"),
            Task("Signaler les effectifs et les régimes (allergies)", 10, "saisir-donnees", "D3"),
        ),
    },
)

POLICE = DemoInventory(
    service="Police municipale",
    status=VALIDATED,
    days=(3, 14, 17),
    answers={
        "service": {
            "missions": (
                "Assurer la tranquillité, la sécurité et la salubrité publiques : patrouilles, "
                "interventions, police de la circulation et du stationnement."
            ),
            "public": ["habitants", "partenaires"],
            "yearly_requests": 21000,
            "opening_hours": "Poste ouvert tous les jours, 7 h – 23 h",
        },
        "ai_use": NO_AI,
        "opportunities": {
            "improvements": ["knowledge"],
            "improvement_details": "Retrouver la qualification juridique d'une infraction.",
            "needs": "Rien qui sorte du poste : les données de police sont protégées.",
        },
        "concerns": {
            "agents_concerns": "La surveillance automatisée et la fiabilité des rapports.",
            "training": "Cadre légal des traitements de données de police.",
            "stay_human": "Toute intervention et tout procès-verbal, signés par un agent.",
            "agents_consulted": "yes",
            "share_consulted": 50.0,
        },
        "comments": {"free": "Aucun outil d'IA n'est envisagé pour les données de police."},
    },
    roles={
        "Chef de service de police municipale": (
            Task(
                "Commander les brigades et organiser les patrouilles", 35, "encadrer-equipe", "D3"
            ),
            Task("Établir les plannings de service", 15, "etablir-plannings", "D2"),
            Task(
                "Rédiger les rapports au maire et au procureur",
                25,
                "rediger-note",
                "D4",
                intensity="0.375",
                justification=(
                    "Ces rapports engagent l'officier qui les signe et reposent sur des faits "
                    "constatés : l'assistant n'aiderait qu'à la mise en forme."
                ),
            ),
            Task("Participer aux réunions avec la police nationale", 15, "animer-reunion", "D3"),
            Task(
                "Intervenir sur le terrain lors des événements",
                10,
                "surveiller-voie-publique",
                "D3",
            ),
        ),
        "Policier municipal": (
            Task(
                "Patrouiller et intervenir sur la voie publique",
                60,
                "surveiller-voie-publique",
                "D3",
            ),
            Task(
                "Rédiger procès-verbaux, rapports et mains courantes",
                20,
                "rediger-compte-rendu",
                "D4",
            ),
            Task("Verbaliser les infractions", 10, "prendre-decision", "D3"),
            Task(
                "Sécuriser les sorties d'écoles et les manifestations",
                10,
                "surveiller-voie-publique",
                "D3",
            ),
        ),
        "Agent de surveillance de la voie publique": (
            Task("Surveiller le stationnement et verbaliser", 70, "surveiller-voie-publique", "D3"),
            Task(
                "Signaler les anomalies de voirie et de mobilier urbain", 20, "saisir-donnees", "D1"
            ),
            Task("Rédiger les rapports de mise en fourrière", 10, "rediger-compte-rendu", "D3"),
        ),
        "Agent administratif de police municipale": (
            Task("Accueillir le public au poste", 30, "accueillir-guichet", "D3"),
            Task(
                "Saisir les procès-verbaux et suivre les contestations", 30, "saisir-donnees", "D3"
            ),
            Task(
                "Instruire les autorisations (débits de boissons, armes)",
                25,
                "instruire-dossier",
                "D3",
            ),
            Task("Enregistrer et distribuer le courrier du service", 15, "traiter-courrier", "D3"),
        ),
    },
)

COMMUNICATION = DemoInventory(
    service="Communication et information",
    status=VALIDATED,
    days=(2, 9, 11),
    answers={
        "service": {
            "missions": (
                "Informer les habitants : magazine municipal, site internet, réseaux sociaux, "
                "campagnes d'affichage, relations presse."
            ),
            "public": ["habitants", "elus", "agents"],
            "yearly_requests": 6000,
        },
        "ai_use": CITY_TOOL,
        "opportunities": {
            "improvements": ["accessibility", "translation", "quality"],
            "improvement_details": "Versions en langage clair et en anglais des pages du site.",
            "needs": "Une charte d'usage et une relecture humaine systématique.",
        },
        "concerns": {
            "agents_concerns": "La banalisation des textes et des visuels, les droits d'auteur.",
            "training": "Écriture avec un assistant ; droit des images générées.",
            "stay_human": "La ligne éditoriale et la relation avec les élus et la presse.",
            "agents_consulted": "yes",
            "share_consulted": 100.0,
        },
        "comments": {"free": "Le poste de photographe a été supprimé au 1er janvier."},
    },
    roles={
        "Chargé de communication": (
            Task("Concevoir les plans de communication", 30, "rediger-note", "D1"),
            Task(
                "Rédiger les communiqués et dossiers de presse", 25, "rediger-communication", "D0"
            ),
            Task("Accompagner les directions dans leurs projets", 25, "animer-reunion", "D1"),
            Task("Suivre les commandes aux imprimeurs et afficheurs", 20, "executer-depense", "D1"),
        ),
        "Chargé de communication numérique": (
            Task("Animer les réseaux sociaux de la ville", 40, "rediger-communication", "D0"),
            Task("Répondre aux messages des habitants", 25, "repondre-courriels", "D2"),
            Task("Produire les statistiques d'audience", 15, "analyser-donnees", "D1"),
            Task("Rédiger les actualités du site", 20, "rediger-communication", "D0"),
        ),
        "Rédacteur du magazine municipal": (
            Task(
                "Rédiger les articles du magazine",
                50,
                "rediger-communication",
                "D0",
                intensity="0.375",
                justification=(
                    "Les articles reposent sur des reportages et des interviews : l'assistant "
                    "ne sert qu'à la relecture et aux titres."
                ),
            ),
            Task("Préparer et mener les interviews", 25, "animer-reunion", "D1"),
            Task("Relire les textes des directions", 25, "rediger-communication", "D0"),
        ),
        "Graphiste": (
            Task("Créer les affiches, visuels et mises en page", 70, "rediger-communication", "D0"),
            Task("Gérer la photothèque et les fichiers d'impression", 20, "classer-archiver", "D1"),
            Task("Échanger avec les services demandeurs", 10, "repondre-courriels", "D1"),
        ),
        "Webmestre": (
            Task(
                "Mettre à jour le site et les démarches en ligne", 50, "rediger-communication", "D0"
            ),
            Task("Contrôler l'accessibilité des pages (RGAA)", 20, "analyser-donnees", "D0"),
            Task("Former et assister les contributeurs", 30, "assister-informatique", "D1"),
        ),
    },
    gone_roles={
        "Photographe": (
            "Poste supprimé au 1er janvier : les reportages sont confiés à un prestataire et "
            "l'agent a rejoint l'équipe événementielle."
        ),
    },
)

SUPPORT = DemoInventory(
    service="Support et infrastructures",
    status=SUBMITTED,
    days=(3, 17),
    answers={
        "service": {
            "missions": (
                "Équiper et assister les 3 000 agents : postes de travail, réseau, téléphonie, "
                "serveurs et sauvegardes."
            ),
            "public": ["agents"],
            "yearly_requests": 26000,
            "opening_hours": "Assistance du lundi au vendredi, 8 h – 18 h",
        },
        "ai_use": CITY_TOOL,
        "opportunities": {
            "improvements": ["faster_answers", "knowledge"],
            "improvement_details": "Un assistant sur la base de connaissances de l'assistance.",
            "needs": "Des serveurs de calcul pour héberger un modèle ouvert.",
        },
        "concerns": {
            "agents_concerns": "Être chargés d'outils sans moyens supplémentaires.",
            "training": "Exploitation d'un modèle hébergé ; sécurité.",
            "stay_human": "Les interventions sur site et la sécurité du système d'information.",
            "agents_consulted": "yes",
            "share_consulted": 80.0,
        },
        "comments": {"free": "Nous avons ajouté le poste de RSSI, créé l'an dernier."},
    },
    roles={
        "Technicien support informatique": (
            Task("Traiter les demandes d'assistance des agents", 50, "assister-informatique", "D1"),
            Task(
                "Installer les postes et imprimantes dans les services",
                25,
                "assister-informatique",
                "D0",
                accountable=True,
                exposure="E0",
                intensity="0.125",
                justification="Le travail se fait sur place, matériel en main : l'IA n'y change rien.",
            ),
            Task("Rédiger les procédures de la base de connaissances", 15, "rediger-note", "D1"),
            Task("Gérer le stock de matériel", 10, "gerer-stocks", "D0"),
        ),
        "Administrateur systèmes et réseaux": (
            Task(
                "Administrer les serveurs et résoudre les incidents",
                45,
                "assister-informatique",
                "D2",
            ),
            Task("Rédiger la documentation technique", 20, "rediger-note", "D1"),
            Task("Préparer les marchés de matériel et de licences", 15, "preparer-marche", "D1"),
            Task("Analyser les journaux de sécurité", 20, "analyser-donnees", "D2"),
        ),
        "Technicien réseaux et télécommunications": (
            Task(
                "Câbler et installer les équipements dans les bâtiments",
                60,
                "entretenir-batiments",
                "D0",
            ),
            Task("Traiter les demandes de téléphonie", 25, "assister-informatique", "D1"),
            Task("Suivre les contrats des opérateurs", 15, "executer-depense", "D1"),
        ),
        "Technicien d'exploitation informatique": (
            Task("Surveiller les traitements et les sauvegardes", 40, "analyser-donnees", "D1"),
            Task("Traiter les incidents d'exploitation", 40, "assister-informatique", "D1"),
            Task("Rédiger les consignes d'exploitation", 20, "rediger-note", "D1"),
        ),
        "Responsable de la sécurité des systèmes d'information": (
            Task("Analyser les risques et piloter la sécurité", 40, "analyser-donnees", "D2"),
            Task("Rédiger les politiques et chartes de sécurité", 30, "rediger-note", "D1"),
            Task("Sensibiliser les agents (hameçonnage, IA)", 30, "animer-reunion", "D1"),
        ),
    },
    added_roles=(
        AddedRole(
            "Responsable de la sécurité des systèmes d'information",
            1,
            "1.00",
            "Poste créé l'an dernier, absent de l'organigramme.",
        ),
    ),
)

COMMANDE_PUBLIQUE = DemoInventory(
    service="Commande publique",
    status=SUBMITTED,
    days=(5, 19),
    answers={
        "service": {
            "missions": "Passer et suivre les marchés publics de la ville et du CCAS.",
            "public": ["agents", "entreprises"],
            "yearly_requests": 450,
        },
        "ai_use": NO_AI,
        "opportunities": {
            "improvements": ["quality", "knowledge"],
            "improvement_details": "Comparer des offres et vérifier des clauses types.",
        },
        "concerns": {
            "agents_concerns": "La responsabilité en cas d'erreur dans une analyse d'offres.",
            "stay_human": "Le choix de l'attributaire et la négociation.",
            "agents_consulted": "yes",
            "share_consulted": 100.0,
        },
        "comments": {"free": "Service de dix agents, tous consultés."},
    },
    roles={
        "Acheteur public": (
            Task("Définir les besoins avec les directions", 30, "preparer-marche", "D1"),
            Task(
                "Rédiger les cahiers des charges et analyser les offres",
                45,
                "preparer-marche",
                "D1",
            ),
            Task("Négocier avec les candidats", 15, "animer-reunion", "D1"),
            Task("Suivre l'exécution des marchés", 10, "executer-depense", "D1"),
        ),
        "Gestionnaire des marchés publics": (
            Task("Publier les consultations en ligne", 30, "saisir-donnees", "D1"),
            Task("Préparer les pièces administratives", 30, "preparer-marche", "D1"),
            Task(
                "Rédiger les notifications et courriers aux candidats", 25, "rediger-courrier", "D1"
            ),
            Task("Archiver les dossiers de marchés", 15, "classer-archiver", "D1"),
        ),
        "Juriste de la commande publique": (
            Task("Conseiller les directions sur les procédures", 40, "conseiller-juridique", "D1"),
            Task("Rédiger les clauses et pièces juridiques", 35, "rediger-contrat", "D1"),
            Task("Gérer les recours et précontentieux", 25, "conseiller-juridique", "D2"),
        ),
    },
)

ACCUEIL = DemoInventory(
    service="Accueil – Relation usagers",
    status=RETURNED,
    days=(2, 9, 12),
    answers={
        "service": {
            "missions": (
                "Accueillir, renseigner et orienter les habitants à l'hôtel de ville, au "
                "téléphone et en ligne ; traiter les demandes simples au premier contact."
            ),
            "public": ["habitants", "entreprises"],
            "yearly_requests": 180000,
            "opening_hours": "Du lundi au vendredi, 8 h 30 – 17 h 30 ; samedi, 9 h – 12 h",
        },
        "ai_use": {
            "tools": ["public_chatbot"],
            "tasks_with_ai": (
                "Traduire des explications pour des usagers non francophones et reformuler des "
                "réponses aux courriels ; des noms et adresses ont parfois été copiés."
            ),
            "data_typed": ["D2"],
        },
        "opportunities": {
            "improvements": ["faster_answers", "translation", "accessibility"],
            "improvement_details": "Traduire au guichet avec un outil qui garde les données en France.",
            "needs": "Un outil de traduction fourni par la ville et des fiches de réponse à jour.",
        },
        "concerns": {
            "agents_concerns": "La fermeture de guichets au profit d'un agent conversationnel.",
            "training": "Usage sûr d'un outil de traduction ; accueil des publics en difficulté.",
            "stay_human": "L'accueil physique, surtout des personnes âgées et en difficulté.",
            "agents_consulted": "yes",
            "share_consulted": 65.0,
        },
        "comments": {"free": "Les usages d'assistants publics ont été déclarés par les agents."},
    },
    roles={
        "Responsable accueil et relation usagers": (
            Task(
                "Encadrer les équipes d'accueil et du centre de contact",
                35,
                "encadrer-equipe",
                "D2",
            ),
            Task("Analyser la fréquentation et la satisfaction", 20, "analyser-donnees", "D1"),
            Task("Traiter les réclamations écrites", 25, "rediger-courrier", "D2"),
            Task("Mettre à jour les fiches de réponse", 20, "rediger-note", "D1"),
        ),
        "Agent d'accueil": (
            Task("Accueillir, renseigner et orienter le public", 60, "accueillir-guichet", "D2"),
            Task("Enregistrer les demandes simples", 20, "saisir-donnees", "D2"),
            Task("Répondre au téléphone", 15, "repondre-telephone", "D2"),
            Task("Gérer les rendez-vous des services", 5, "gerer-agenda", "D2"),
        ),
        "Conseiller du centre de contact": (
            Task("Répondre aux appels des usagers", 50, "repondre-telephone", "D2"),
            Task("Répondre aux courriels et formulaires du site", 30, "repondre-courriels", "D2"),
            Task("Enregistrer les demandes dans l'outil de suivi", 20, "saisir-donnees", "D2"),
        ),
        "Standardiste": (
            Task("Répondre aux appels et les transférer", 55, "repondre-telephone", "D2"),
            Task("Tenir à jour l'annuaire interne", 20, "saisir-donnees", "D1"),
            Task(
                "Enregistrer et distribuer le courrier de l'accueil", 25, "traiter-courrier", "D2"
            ),
        ),
    },
    return_comment=(
        "Merci pour cet état des lieux. Deux points à reprendre : vous déclarez des données "
        "personnelles saisies dans un assistant public, précisez si cette pratique continue et "
        "pour quelles tâches ; la part du téléphone pour les standardistes (55 %) paraît faible "
        "au regard des 180 000 demandes par an, vérifiez-la avec l'équipe."
    ),
)

ETAT_CIVIL = DemoInventory(
    service="État civil",
    status=DRAFT,
    days=(6,),
    answers={
        "service": {
            "missions": (
                "Dresser et mettre à jour les actes d'état civil, célébrer les mariages, "
                "délivrer copies et extraits."
            ),
            "public": ["habitants", "partenaires"],
            "yearly_requests": 38000,
            "opening_hours": "Du lundi au vendredi, 8 h 30 – 17 h ; samedi, 9 h – 12 h",
        },
        "ai_use": NO_AI,
    },
    roles={
        "Officier d'état civil": (
            Task(
                "Dresser les actes de naissance, reconnaissance et décès",
                40,
                "tenir-etat-civil",
                "D2",
            ),
            Task("Préparer et célébrer les mariages et PACS", 20, "tenir-etat-civil", "D2"),
            Task("Délivrer les copies et extraits d'actes", 15, "saisir-donnees", "D2"),
            Task("Porter les mentions en marge des actes", 15, "tenir-etat-civil", "D3"),
            Task(
                "Rédiger les courriers aux usagers et aux autres mairies",
                10,
                "rediger-courrier",
                "D2",
                intensity="0.125",
                justification=(
                    "Les courriers de l'état civil suivent des modèles réglementaires : "
                    "l'assistant n'apporte presque rien."
                ),
            ),
        ),
        # Still being written: 70 % so far.
        "Agent administratif d'état civil": (
            Task("Accueillir les usagers au guichet", 45, "accueillir-guichet", "D2"),
            Task(
                "Traiter les demandes d'actes reçues en ligne et par courrier",
                25,
                "traiter-courrier",
                "D2",
            ),
        ),
    },
)

DRAFTS = (
    DemoInventory(
        service="Titres d'identité",
        status=DRAFT,
        days=(8,),
        answers={
            "service": {
                "missions": "Recevoir les demandes de cartes d'identité et de passeports.",
                "public": ["habitants"],
            },
        },
    ),
    DemoInventory(
        service="Cuisine centrale",
        status=DRAFT,
        days=(10,),
        answers={
            "service": {
                "missions": "Produire en liaison froide les repas des écoles, crèches et résidences.",
                "public": ["habitants"],
                "yearly_requests": 1500000,
            },
            "ai_use": NO_AI,
        },
        roles={
            "Cuisinier": (
                Task("Préparer les repas en liaison froide", 70, "preparer-repas", "D0"),
                Task("Contrôler les denrées et tracer les lots", 15, "controler-terrain", "D1"),
                Task("Nettoyer les postes et le matériel", 15, "nettoyer-locaux", "D0"),
            ),
        },
    ),
    DemoInventory(
        service="Crèches collectives",
        status=DRAFT,
        days=(13,),
        answers={
            "service": {
                "missions": "Accueillir 640 enfants de moins de trois ans dans douze crèches.",
                "public": ["habitants"],
                "yearly_requests": 900,
                "opening_hours": "Du lundi au vendredi, 7 h 30 – 18 h 30",
            },
        },
        roles={
            "Auxiliaire de puériculture": (
                Task(
                    "Prendre soin des enfants (repas, change, sieste)", 60, "encadrer-enfants", "D3"
                ),
                Task("Proposer des activités d'éveil", 25, "animer-activite", "D1"),
                Task(
                    "Échanger avec les parents à l'arrivée et au départ",
                    15,
                    "accueillir-guichet",
                    "D3",
                ),
            ),
        },
    ),
    DemoInventory(
        service="Archives municipales",
        status=DRAFT,
        days=(15,),
        answers={
            "service": {
                "missions": "Collecter, classer, conserver et communiquer les archives de la ville.",
                "public": ["habitants", "agents"],
                "yearly_requests": 1200,
                "opening_hours": "Salle de lecture : mardi et jeudi, 9 h – 17 h",
            },
            "ai_use": NO_AI,
            "concerns": {"agents_consulted": "yes", "share_consulted": 100.0},
        },
    ),
)

DEMO_INVENTORIES = (
    ETAT_CIVIL,
    ACCUEIL,
    ESPACES_VERTS,
    CARRIERES_PAIE,
    BUDGET,
    URBANISME,
    CCAS,
    MEDIATHEQUES,
    RESTAURATION_SCOLAIRE,
    POLICE,
    COMMUNICATION,
    SUPPORT,
    COMMANDE_PUBLIQUE,
    *DRAFTS,
)
