"""Writes the demo world's data files (seed/data/*.yaml) once, deterministically.

The committed YAML files are the source of truth: edit them by hand freely. This script only
exists so that the first version could be made (and remade) without typing 300 posts; run it
again only if you mean to throw hand edits away:

    /work/venv/bin/python -m seed.generate
"""

from __future__ import annotations

import random
import string
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
SEED = 20261101
MEMBER_PASSWORD = "spark-demo-2026"
ADMIN_PASSWORD = "spark-admin-2026"
DAYS = 30

# (handle, display name, country, prime)
MEMBERS: list[tuple[str, str, str, bool]] = [
    ("maya", "Maya Lopez", "US", True),
    ("sam", "Sam Carter", "US", False),
    ("admin", "Spark Admin", "US", True),
    ("olivia_home", "Olivia Bennett", "US", True),
    ("liam_cooks", "Liam Walsh", "US", True),
    ("ava_glow", "Ava Nguyen", "US", True),
    ("noah_trails", "Noah Fischer", "DE", True),
    ("emma_reads", "Emma Dubois", "FR", True),
    ("lucas_tech", "Lucas Silva", "BR", True),
    ("mia_style", "Mia Rossi", "IT", True),
    ("ethan_fit", "Ethan Brooks", "US", True),
    ("zoe_paws", "Zoe Kim", "US", True),
    ("jack_garage", "Jack Murphy", "IE", True),
    ("chloe_baby", "Chloe Martin", "CA", True),
    ("leo_games", "Leo Novak", "CZ", True),
    ("grace_gifts", "Grace Okafor", "GB", True),
    ("henry_grill", "Henry Adams", "US", True),
    ("isla_makeup", "Isla Campbell", "GB", True),
    ("owen_camps", "Owen Price", "US", True),
    ("ruby_nest", "Ruby Chen", "US", True),
    ("theo_vinyl", "Theo Larsen", "DK", True),
    ("nora_plants", "Nora Haddad", "US", True),
    ("finn_runs", "Finn Schmidt", "DE", True),
    ("lily_bakes", "Lily Patel", "US", True),
    ("omar_deals", "Omar Farouk", "US", True),
    ("hana_minimal", "Hana Sato", "JP", True),
    ("diego_dad", "Diego Ramirez", "MX", True),
    ("ella_books", "Ella Johansson", "SE", False),
    ("max_budget", "Max Weber", "DE", False),
    ("aria_sun", "Aria Shah", "US", False),
    ("kai_surf", "Kai Kahale", "US", False),
    ("lena_knits", "Lena Kowalski", "PL", False),
    ("ben_builds", "Ben Turner", "US", False),
    ("sofia_travel", "Sofia Costa", "PT", False),
    ("jonah_eats", "Jonah Levy", "US", False),
    ("maddie_pets", "Maddie Reed", "US", False),
    ("ivan_audio", "Ivan Petrov", "BG", False),
    ("priya_yoga", "Priya Iyer", "IN", False),
    ("carlos_drives", "Carlos Mendes", "ES", False),
    ("julia_nursery", "Julia Weiss", "AT", False),
    ("tom_tinkers", "Tom Baker", "GB", False),
    ("amara_beauty", "Amara Diallo", "US", False),
    ("felix_cycles", "Felix Braun", "CH", False),
    ("yuki_kawaii", "Yuki Tanaka", "JP", False),
]

# slug -> (name, description, extra hashtag aliases, product categories its posts tag)
TOPICS: dict[str, tuple[str, str, list[str], list[str]]] = {
    "home-decor": (
        "Home Decor",
        "Rooms, shelves and the small things that make a home.",
        ["interiordesign", "cozyhome", "decor"],
        ["home", "furniture"],
    ),
    "kitchen": (
        "Kitchen & Cooking",
        "Recipes, tools and what is on the stove tonight.",
        ["cooking", "recipes", "homecooking"],
        ["kitchen", "grocery"],
    ),
    "beauty": (
        "Beauty",
        "Skincare routines, makeup looks and honest reviews.",
        ["skincare", "makeup", "glowup"],
        ["beauty", "luxury-beauty", "health"],
    ),
    "fashion": (
        "Fashion",
        "Outfits of the day, capsule wardrobes and finds.",
        ["ootd", "style", "outfit"],
        ["fashion"],
    ),
    "fitness": (
        "Fitness",
        "Workouts, gear and recovery.",
        ["workout", "gym", "homegym"],
        ["sports", "health"],
    ),
    "outdoors": (
        "Outdoors",
        "Trails, campsites and road trips.",
        ["hiking", "camping", "roadtrip"],
        ["outdoors", "sports", "automotive"],
    ),
    "tech": (
        "Tech & Gadgets",
        "Desk setups, smart homes and gadgets worth it.",
        ["gadgets", "smarthome", "desksetup"],
        ["electronics", "tvs"],
    ),
    "pets": (
        "Pets",
        "Dogs, cats and everything they chew.",
        ["dogsofspark", "catsofspark", "petlife"],
        ["pets"],
    ),
    "books": (
        "Books",
        "What we are reading and what to read next.",
        ["reading", "booktok", "bookclub"],
        ["books"],
    ),
    "parenting": (
        "Parenting & Baby",
        "Nurseries, newborn must-haves and tips from other parents.",
        ["baby", "momlife", "dadlife"],
        ["baby", "toys"],
    ),
    "toys-games": (
        "Toys & Games",
        "Board game nights, building sets and toys kids actually play with.",
        ["boardgames", "toys", "lego"],
        ["toys"],
    ),
    "gift-ideas": (
        "Gift Ideas",
        "Gift guides for every budget and every person.",
        ["gifts", "giftguide", "holidaygifts"],
        ["gift-cards", "electronics", "kitchen", "beauty", "toys"],
    ),
}

# category -> [(brand, title, price)]
PRODUCTS: dict[str, list[tuple[str, str, str]]] = {
    "luxury-beauty": [
        ("La Mer", "Creme de la Mer Moisturizing Cream, 1 oz", "200.00"),
        ("Drunk Elephant", "Protini Polypeptide Firming Moisturizer, 1.69 oz", "68.00"),
        ("Sunday Riley", "Good Genes All-In-One Lactic Acid Treatment", "85.00"),
        ("Tatcha", "The Water Cream Oil-Free Pore Minimizing Moisturizer", "72.00"),
        ("Olaplex", "No. 3 Hair Perfector Repairing Treatment, 3.3 oz", "30.00"),
        ("Estee Lauder", "Advanced Night Repair Synchronized Multi-Recovery Serum", "115.00"),
        ("Laneige", "Lip Sleeping Mask, Berry, 0.7 oz", "24.00"),
        ("Kiehl's", "Ultra Facial Cream with Squalane, 1.7 oz", "38.00"),
        ("T3", "Featherweight StyleMax Professional Hair Dryer", "250.00"),
    ],
    "books": [
        ("Avery", "Atomic Habits: An Easy & Proven Way to Build Good Habits", "13.79"),
        ("Ballantine Books", "Project Hail Mary: A Novel", "14.99"),
        ("Viking", "The Midnight Library: A Novel", "13.49"),
        ("Entangled", "Fourth Wing (The Empyrean, Book 1)", "16.99"),
        ("Simon & Schuster", "Salt, Fat, Acid, Heat: Mastering the Elements of Cooking", "22.50"),
        ("Philomel Books", "The Very Hungry Caterpillar, Board Book", "5.99"),
        ("Doubleday", "Lessons in Chemistry: A Novel", "15.20"),
        ("Ace", "Dune, Deluxe Edition", "24.30"),
        ("Penguin Press", "The Anxious Generation", "18.00"),
    ],
    "kitchen": [
        ("Lodge", "Cast Iron Skillet, 10.25 inch, Pre-Seasoned", "19.90"),
        ("Instant Pot", "Duo 7-in-1 Electric Pressure Cooker, 6 Quart", "89.99"),
        ("Ninja", "AF101 Air Fryer, 4 Quart, Grey", "99.99"),
        ("KitchenAid", "Artisan Series 5 Quart Tilt-Head Stand Mixer", "449.99"),
        ("OXO", "Good Grips 3-Piece Stainless Steel Mixing Bowl Set", "29.99"),
        ("Le Creuset", "Enameled Cast Iron Round Dutch Oven, 5.5 qt", "419.95"),
        ("Cuisinart", "14-Cup Food Processor, Brushed Stainless", "199.95"),
        ("Zwilling", "Pro 8-inch Chef's Knife", "139.95"),
        ("Hario", "V60 Ceramic Coffee Dripper, Size 02, White", "27.00"),
    ],
    "automotive": [
        ("Chemical Guys", "Complete Car Wash Starter Kit, 16 Items", "69.99"),
        ("NOCO", "Boost Plus GB40 1000A 12V Lithium Jump Starter", "99.95"),
        ("Armor All", "Car Interior Cleaning Wipes, 30 Count", "6.47"),
        ("Garmin", "Dash Cam Mini 2, 1080p, 140-degree Field of View", "129.99"),
        ("WeatherTech", "FloorLiner, Front Row, Black", "139.95"),
        ("Meguiar's", "Ultimate Quik Detailer, 22 oz", "14.99"),
        ("Anker", "42.5W USB-C Car Charger, 2 Ports", "21.99"),
        ("Rain-X", "Latitude 2-in-1 Water Repellent Wiper Blades, 24 inch", "22.99"),
    ],
    "toys": [
        ("LEGO", "Classic Large Creative Brick Box 10698, 790 Pieces", "59.99"),
        ("Melissa & Doug", "Wooden Building Blocks Set, 100 Pieces", "19.99"),
        ("Hasbro Gaming", "Monopoly Classic Board Game", "19.97"),
        ("Magna-Tiles", "Classic 32-Piece Magnetic Tiles Set", "49.99"),
        ("Barbie", "Dreamhouse Playset with 75+ Pieces and Pool", "179.00"),
        ("Hot Wheels", "Track Builder Unlimited Rapid Launch Builder Box", "34.99"),
        ("Crayola", "Inspiration Art Case, 140 Pieces", "24.99"),
        ("Catan Studio", "Catan Board Game, 6th Edition", "43.99"),
        ("Squishmallows", "Original 16-Inch Cam the Cat Plush", "24.99"),
    ],
    "furniture": [
        ("Zinus", "12 Inch Green Tea Memory Foam Mattress, Queen", "299.00"),
        ("Rivet", "Revolve Modern Upholstered Sofa, 80 inch, Dark Grey", "899.00"),
        ("Nathan James", "Theo 5-Shelf Wood Ladder Bookcase", "99.99"),
        ("Flash Furniture", "Mid-Back Black Mesh Swivel Office Chair", "79.99"),
        ("Walker Edison", "Mid-Century Modern Wood TV Stand, 58 inch", "189.00"),
        ("Christopher Knight Home", "Hayden Fabric Club Accent Chair", "169.99"),
        ("SONGMICS", "Entryway Shoe Bench with Padded Seat", "49.99"),
        ("Stone & Beam", "Rustic Farmhouse Dining Table, 72 inch", "749.00"),
    ],
    "home": [
        ("Dyson", "V11 Cordless Vacuum Cleaner", "569.99"),
        ("iRobot", "Roomba 694 Wi-Fi Connected Robot Vacuum", "274.99"),
        ("Brooklinen", "Luxe Core Sateen Sheet Set, Queen", "179.00"),
        ("Yankee Candle", "Balsam & Cedar Scented Large Jar Candle", "29.50"),
        ("Umbra", "Hub Round Wall Mirror, 24 inch, Black", "99.00"),
        ("Levoit", "Core 300 True HEPA Air Purifier", "99.99"),
        ("Amazon Basics", "Lightweight Microfiber Bed Sheet Set, Queen", "24.99"),
        ("Philips Hue", "White and Color Ambiance Starter Kit, 4 Bulbs", "189.99"),
        ("Bedsure", "Sherpa Fleece Throw Blanket, 50 x 60 inch", "29.99"),
    ],
    "pets": [
        ("KONG", "Classic Dog Toy, Medium", "13.99"),
        ("Furbo", "360 Degree Dog Camera with Treat Tossing", "199.00"),
        ("PetSafe", "Easy Walk No-Pull Dog Harness, Medium", "24.95"),
        ("Purina Pro Plan", "Adult Dry Dog Food, Chicken & Rice, 35 lb", "64.98"),
        ("Catit", "Flower Fountain for Cats, 3 Liters", "29.99"),
        ("Amazon Basics", "Cat Tree with Scratching Posts, 48 inch", "45.99"),
        ("Chuckit!", "Ultra Ball Dog Toy, Medium, 2 Pack", "9.99"),
        ("Blue Buffalo", "Wilderness Grain-Free Dry Cat Food, Chicken, 11 lb", "47.98"),
    ],
    "beauty": [
        ("CeraVe", "Moisturizing Cream for Normal to Dry Skin, 16 oz", "17.78"),
        ("The Ordinary", "Niacinamide 10% + Zinc 1% Serum, 30 ml", "6.00"),
        ("Maybelline", "Lash Sensational Sky High Washable Mascara", "11.98"),
        ("e.l.f.", "Power Grip Primer, Gel-Based and Hydrating", "10.00"),
        ("Neutrogena", "Hydro Boost Water Gel Face Moisturizer, 1.7 oz", "19.97"),
        ("La Roche-Posay", "Anthelios Melt-in Milk Sunscreen SPF 60", "37.99"),
        ("COSRX", "Advanced Snail 96 Mucin Power Essence, 100 ml", "25.00"),
        ("Revlon", "One-Step Volumizer Hair Dryer and Hot Air Brush", "39.99"),
        ("Aquaphor", "Healing Ointment Advanced Therapy, 14 oz", "15.37"),
    ],
    "sports": [
        ("Bowflex", "SelectTech 552 Adjustable Dumbbells, Pair", "429.00"),
        ("Manduka", "PRO Yoga Mat, 6mm, Black Magic", "129.00"),
        ("Hydro Flask", "Wide Mouth Insulated Water Bottle, 32 oz", "44.95"),
        ("Fitbit", "Charge 6 Fitness Tracker with Heart Rate", "159.95"),
        ("TRX", "All-in-One Suspension Trainer", "169.95"),
        ("Wilson", "NBA Authentic Series Outdoor Basketball, Size 7", "39.99"),
        ("Therabody", "Theragun Mini Portable Massage Gun", "199.00"),
        ("Fit Simplify", "Resistance Loop Exercise Bands, Set of 5", "12.99"),
    ],
    "baby": [
        ("Pampers", "Swaddlers Diapers, Size 1, 198 Count", "61.99"),
        ("Graco", "4Ever DLX 4-in-1 Convertible Car Seat", "349.99"),
        ("Hatch", "Rest Baby Sound Machine and Night Light", "69.99"),
        ("Baby Brezza", "Formula Pro Advanced Formula Dispenser", "219.99"),
        ("Munchkin", "Miracle 360 Trainer Sippy Cup, 2 Pack", "11.99"),
        ("Skip Hop", "Explore & More Baby's View 3-Stage Activity Center", "99.99"),
        ("Owlet", "Dream Sock Smart Baby Monitor", "299.00"),
        ("Frida Baby", "NoseFrida the Snotsucker Nasal Aspirator", "16.99"),
    ],
    "tvs": [
        ("Samsung", "65-Inch Class QLED 4K Q60C Smart TV", "897.99"),
        ("LG", "55-Inch Class OLED evo C3 Series 4K Smart TV", "1296.99"),
        ("Sony", "65 Inch BRAVIA XR X90L 4K HDR Full Array LED TV", "1098.00"),
        ("TCL", "50-Inch Class S4 4K LED Smart TV", "239.99"),
        ("Hisense", "55-Inch Class U8 Mini-LED ULED 4K Google TV", "699.99"),
        ("Amazon", "Fire TV 43-Inch 4-Series 4K UHD Smart TV", "299.99"),
        ("VIZIO", "40-Inch D-Series Full HD 1080p Smart TV", "178.00"),
        ("Insignia", "32-Inch Class F20 Series Smart HD Fire TV", "99.99"),
    ],
    "grocery": [
        ("Lavazza", "Super Crema Whole Bean Coffee, 2.2 lb", "22.99"),
        ("KIND", "Bars, Dark Chocolate Nuts & Sea Salt, 12 Count", "16.49"),
        ("Happy Belly", "Roasted and Salted Cashews, 24 oz", "13.74"),
        ("Starbucks", "Pike Place Roast K-Cup Coffee Pods, 72 Count", "42.49"),
        ("Olipop", "Prebiotic Soda Variety Pack, 12 Cans", "29.99"),
        ("Barilla", "Spaghetti Pasta, 1 lb, Pack of 8", "12.72"),
        ("Annie's", "Organic Bunny Grahams Honey Snacks, 12 Pack", "17.58"),
        ("Maldon", "Sea Salt Flakes, 8.5 oz", "7.49"),
    ],
    "health": [
        ("Nature Made", "Vitamin D3 2000 IU Softgels, 220 Count", "14.79"),
        ("Optimum Nutrition", "Gold Standard 100% Whey Protein, Vanilla, 5 lb", "84.99"),
        ("Omron", "Platinum Upper Arm Blood Pressure Monitor", "79.99"),
        ("Vital Proteins", "Collagen Peptides Powder, Unflavored, 20 oz", "46.99"),
        ("Braun", "ThermoScan 7 Digital Ear Thermometer", "59.99"),
        ("Oral-B", "Pro 1000 Rechargeable Electric Toothbrush", "49.94"),
        ("Nature's Bounty", "Melatonin 5 mg Rapid Release Softgels, 90 Count", "9.99"),
        ("Waterpik", "Aquarius Water Flosser, White", "79.99"),
    ],
    "gift-cards": [
        ("Amazon", "Amazon.com eGift Card, $50", "50.00"),
        ("Starbucks", "Starbucks Gift Card, $25", "25.00"),
        ("Apple", "App Store & iTunes Gift Card, $100", "100.00"),
        ("Sephora", "Sephora eGift Card, $50", "50.00"),
        ("Uber", "Uber Eats Gift Card, $25", "25.00"),
        ("Netflix", "Netflix Gift Card, $30", "30.00"),
        ("Airbnb", "Airbnb Gift Card, $100", "100.00"),
        ("Vanilla", "Visa Prepaid Gift Card, $50", "55.95"),
    ],
    "electronics": [
        ("Apple", "AirPods Pro (2nd Generation) with USB-C Charging Case", "189.99"),
        ("Sony", "WH-1000XM5 Wireless Noise Canceling Headphones", "328.00"),
        ("Amazon", "Kindle Paperwhite, 16 GB, 6.8 inch Display", "149.99"),
        ("Anker", "PowerCore 10000 Portable Charger", "21.99"),
        ("Amazon", "Echo Dot (5th Gen) Smart Speaker with Alexa", "49.99"),
        ("JBL", "Flip 6 Portable Waterproof Bluetooth Speaker", "99.95"),
        ("Logitech", "MX Master 3S Wireless Performance Mouse", "99.99"),
        ("Samsung", "T7 Portable SSD, 1 TB, USB 3.2", "89.99"),
        ("GoPro", "HERO12 Black Waterproof Action Camera", "349.00"),
    ],
    "fashion": [
        ("Levi's", "Men's 501 Original Fit Jeans", "59.50"),
        ("Carhartt", "Knit Cuffed Beanie", "19.99"),
        ("Hanes", "EcoSmart Fleece Pullover Hoodie", "16.00"),
        ("Crocs", "Unisex Classic Clog", "49.99"),
        ("adidas", "Women's Cloudfoam Pure Running Shoes", "65.00"),
        ("The Drop", "Women's Blake Long Blazer", "54.90"),
        ("Ray-Ban", "RB2132 New Wayfarer Sunglasses", "163.00"),
        ("Herschel", "Little America Backpack, 25L", "109.99"),
        ("Amazon Essentials", "Women's Lightweight Water-Resistant Puffer Jacket", "39.90"),
    ],
    "outdoors": [
        ("Coleman", "Sundome 4-Person Camping Tent", "89.99"),
        ("YETI", "Tundra 45 Hard Cooler", "325.00"),
        ("Osprey", "Talon 22 Men's Hiking Daypack", "140.00"),
        ("Black Diamond", "Spot 400 Headlamp", "49.95"),
        ("LifeStraw", "Personal Water Filter for Hiking and Camping", "17.47"),
        ("Kelty", "Cosmic 20 Degree Down Sleeping Bag", "159.95"),
        ("Solo Stove", "Ranger 2.0 Smokeless Fire Pit", "249.99"),
        ("Helinox", "Chair One Original Lightweight Camp Chair", "109.95"),
    ],
}

OPENERS: dict[str, list[str]] = {
    "home-decor": [
        "Finally finished the reading nook and I am never leaving it.",
        "Swapped the overhead light for warm lamps and the whole room changed.",
        "Small apartment, big ideas: floating shelves everywhere.",
        "Sunday reset: fresh sheets, a candle and zero clutter.",
        "Thrifted frame plus a new mirror and the hallway feels twice as big.",
    ],
    "kitchen": [
        "Tonight's dinner took 20 minutes and one pan.",
        "Sourdough attempt number six, and this one actually rose.",
        "Meal prep for the week is done, five lunches in the fridge.",
        "This tool earned its counter space within a week.",
        "Crispy chickpeas straight out of the air fryer, snack sorted.",
    ],
    "beauty": [
        "My five-minute morning routine for when I overslept.",
        "Three weeks in and my skin barrier finally feels calm.",
        "Soft glam for a Friday night, nothing too heavy.",
        "Empties of the month: what I would repurchase and what I would not.",
        "SPF every single day, even when it is cloudy.",
    ],
    "fashion": [
        "One blazer, five outfits for the work week.",
        "Capsule wardrobe update: fewer pieces, more outfits.",
        "Found the perfect fall layers and I am wearing them on repeat.",
        "Weekend uniform: good jeans, white sneakers, done.",
        "Packing light for a long weekend, everything fits in one backpack.",
    ],
    "fitness": [
        "Home gym corner is complete, no more excuses.",
        "Thirty days of morning workouts done, here is what changed.",
        "Leg day, then a long stretch with the massage gun.",
        "New personal best on the 5k this morning.",
        "Rest days matter as much as training days.",
    ],
    "outdoors": [
        "Sunrise at the trailhead was worth the 4am alarm.",
        "First camping trip of the season and the gear held up.",
        "Road trip checklist for anyone heading out this weekend.",
        "Fourteen miles, two lakes and one very tired dog.",
        "Campfire dinners are the best dinners.",
    ],
    "tech": [
        "Desk setup refresh: cable management finally under control.",
        "These headphones made my commute so much quieter.",
        "Smart home routine that turns the lights on when I wake up.",
        "Battery life test after a week of heavy use.",
        "Movie night upgrade, the living room feels like a cinema now.",
    ],
    "pets": [
        "Someone is very pleased with the new toy.",
        "Our rescue's first week home, she already owns the couch.",
        "Morning walk with the best boy.",
        "The cat ignored the expensive bed and chose the box, as usual.",
        "Grooming day, then treats for being brave.",
    ],
    "books": [
        "Finished this in two sittings, could not put it down.",
        "My reading list for the month, suggestions welcome.",
        "Book club pick for November, who is in?",
        "Rainy afternoon, tea and a long novel.",
        "Annotated my favorite passages, this one is a keeper.",
    ],
    "parenting": [
        "Nursery is ready and we are counting the days.",
        "Things nobody told me I would need in the first month.",
        "Bedtime routine that finally works for our toddler.",
        "Newborn must-haves from a very tired parent.",
        "Car seat installed, checked twice, ready to go.",
    ],
    "toys-games": [
        "Family game night got competitive fast.",
        "Three hours of building and the castle is finished.",
        "Toys that kept the kids busy on a rainy day.",
        "Our favorite strategy game for four players.",
        "Building sets for kids who like a challenge.",
    ],
    "gift-ideas": [
        "Gift guide for the person who has everything.",
        "Under-$50 gifts that still feel thoughtful.",
        "Last-minute gifts that arrive in time.",
        "Gifts for the home cook in your life.",
        "Stocking stuffers everyone actually uses.",
    ],
}

CLOSERS = [
    "Links are tagged on the photo.",
    "Tagged everything I used.",
    "Would you try it?",
    "Details in the tags.",
    "Ask me anything about it below.",
    "",
]

POLLS: dict[str, list[str]] = {
    "home-decor": ["Warm white", "Cool white", "Colored light"],
    "kitchen": ["Cast iron", "Nonstick", "Stainless steel"],
    "beauty": ["Serum first", "Moisturizer first"],
    "fashion": ["Blazer", "Denim jacket", "Puffer"],
    "fitness": ["Morning workouts", "Evening workouts"],
    "outdoors": ["Mountains", "Beach", "Forest", "Desert"],
    "tech": ["Over-ear", "In-ear", "Bone conduction"],
    "pets": ["Team dog", "Team cat", "Both"],
    "books": ["Paperback", "E-reader", "Audiobook"],
    "parenting": ["Sound machine", "Silence"],
    "toys-games": ["Catan", "Monopoly", "Something else"],
    "gift-ideas": ["Gift card", "Physical gift", "An experience"],
}

REASONS = [
    "It just works better for me.",
    "Tried both, this one lasted longer.",
    "Easier to clean and store.",
    "Better value for the price.",
    "It is what my family prefers.",
    "Less waste in the long run.",
    "My partner convinced me.",
]

COMMENTS = [
    "Love this, saving it for later!",
    "Where is that from? Never mind, just saw the tag.",
    "I have the same one, totally worth it.",
    "This looks amazing.",
    "Adding to my idea list right now.",
    "How long have you had it?",
    "Great pick, the price is right too.",
    "Okay, I am convinced.",
    "Mine arrived yesterday, can confirm it is great.",
    "So cozy!",
]

EXTRA_HASHTAGS = ["sundayvibes", "weekendfinds", "newin", "favorites", "sparkfinds"]

IDEA_LIST_TITLES = [
    ("Dream kitchen", "Tools I want for the kitchen.", ["kitchen", "grocery"]),
    ("Gift ideas for mom", "Her birthday is in March.", ["beauty", "home", "gift-cards"]),
    ("Cozy living room", "Warm lights and soft blankets.", ["home", "furniture"]),
    ("Camping trip", "Gear for the lake weekend.", ["outdoors", "sports"]),
    ("Skincare restock", "The routine that works.", ["beauty", "luxury-beauty"]),
    ("Desk setup", "Work from home upgrades.", ["electronics", "furniture"]),
    ("Baby registry", "For the little one on the way.", ["baby", "toys"]),
    ("Reading list", "Next up on the nightstand.", ["books"]),
    ("Home gym", "Building the corner gym.", ["sports", "health"]),
    ("Dog stuff", "For the good boy.", ["pets"]),
    ("Holiday gifts", "Everyone on the list, sorted.", ["gift-cards", "toys", "electronics"]),
    ("Car care", "Keeping the car clean.", ["automotive"]),
    ("Movie nights", "Big screen, good sound.", ["tvs", "electronics", "grocery"]),
    ("Fall wardrobe", "Layers for the cold months.", ["fashion"]),
    ("Game night", "Games for four or more.", ["toys"]),
]

ITEM_NOTES = [
    "",
    "",
    "Wait for a sale.",
    "Saw this on a post, looks great.",
    "Compare sizes first.",
    "Birthday idea.",
    "Must have.",
    "Check the reviews again.",
]


def asin_for(rng: random.Random) -> str:
    return "B0" + "".join(rng.choices(string.ascii_uppercase + string.digits, k=8))


def members_data(rng: random.Random, topic_slugs: list[str]) -> list[dict[str, Any]]:
    handles = [m[0] for m in MEMBERS]
    members = []
    for index, (handle, name, country, prime) in enumerate(MEMBERS):
        others = [h for h in handles if h != handle]
        entry: dict[str, Any] = {
            "handle": handle,
            "display_name": name,
            "password": ADMIN_PASSWORD if handle == "admin" else MEMBER_PASSWORD,
            "country": country,
            "prime": prime,
        }
        if handle == "admin":
            entry["role"] = "admin"
        entry["bio"] = f"{name.split()[0]} on Spark."
        entry["avatar_url"] = f"https://i.pravatar.cc/300?u={handle}"
        entry["joined_days_ago"] = DAYS + 60 - index
        entry["interests"] = sorted(rng.sample(topic_slugs, rng.randint(5, 7)))
        entry["follows"] = sorted(rng.sample(others, rng.randint(3, 12)))
        members.append(entry)
    return members


def topics_data() -> list[dict[str, Any]]:
    return [
        {"slug": slug, "name": name, "description": description, "aliases": aliases}
        for slug, (name, description, aliases, _categories) in TOPICS.items()
    ]


def products_data(rng: random.Random) -> list[dict[str, Any]]:
    products = []
    seen: set[str] = set()
    for category, items in PRODUCTS.items():
        for brand, title, price in items:
            asin = asin_for(rng)
            while asin in seen:
                asin = asin_for(rng)
            seen.add(asin)
            products.append(
                {
                    "asin": asin,
                    "title": title,
                    "brand": brand,
                    "category": category,
                    "price": price,
                    "rating": round(rng.uniform(3.6, 4.9), 1),
                    "review_count": rng.randint(40, 90000),
                    "image_url": f"https://picsum.photos/seed/{asin}/600/600",
                }
            )
    return products


def posts_data(
    rng: random.Random, members: list[dict[str, Any]], products: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    prime = [m["handle"] for m in members if m["prime"]]
    everyone = [m["handle"] for m in members]
    by_category: dict[str, list[str]] = {}
    for product in products:
        by_category.setdefault(product["category"], []).append(product["asin"])
    posts = []
    slugs = list(TOPICS)
    for number in range(300):
        slug = slugs[number % len(slugs)] if number < 24 else rng.choice(slugs)
        _name, _description, aliases, categories = TOPICS[slug]
        hashtags = [rng.choice([slug.replace("-", ""), *aliases])]
        if rng.random() < 0.35:
            hashtags.append(rng.choice(EXTRA_HASHTAGS))
        if rng.random() < 0.2:
            other = rng.choice(slugs)
            hashtags.append(rng.choice(TOPICS[other][2]))
        body = " ".join(part for part in (rng.choice(OPENERS[slug]), rng.choice(CLOSERS)) if part)
        body += " " + " ".join(f"#{tag}" for tag in dict.fromkeys(hashtags))
        hours_ago = round(rng.uniform(0.5, DAYS * 24), 1) if number >= 12 else number + 0.5
        author = "maya" if number % 25 == 0 else rng.choice(prime)
        post: dict[str, Any] = {
            "author": author,
            "hours_ago": hours_ago,
            "body": body,
            "media": [
                {
                    "url": f"https://picsum.photos/seed/spark-post-{number}/1080/1350",
                    "width": 1080,
                    "height": 1350,
                }
            ],
        }
        tag_count = rng.choice([0, 1, 1, 2, 2, 3])
        pool = [asin for category in categories for asin in by_category[category]]
        post["product_tags"] = [
            {
                "asin": asin,
                "x": round(rng.uniform(0.1, 0.9), 2),
                "y": round(rng.uniform(0.1, 0.9), 2),
            }
            for asin in rng.sample(pool, min(tag_count, len(pool)))
        ]
        if number % 6 == 3:
            options = POLLS[slug]
            voters = rng.sample([h for h in everyone if h != author], rng.randint(4, 18))
            votes = []
            for voter in voters:
                vote: dict[str, Any] = {"by": voter, "option": rng.choice(options)}
                if voter in prime and rng.random() < 0.5:
                    vote["reason"] = rng.choice(REASONS)
                votes.append(vote)
            post["poll"] = {
                "options": options,
                "closes_hours_after_post": rng.choice([None, 24, 72, 24 * 14]),
                "votes": votes,
            }
        smilers = rng.sample([h for h in prime if h != author], rng.randint(0, 14))
        post["smiles"] = sorted(smilers)
        comments = []
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3, 4])):
            comments.append(
                {
                    "by": rng.choice([h for h in prime if h != author]),
                    "body": rng.choice(COMMENTS),
                    "hours_ago": round(rng.uniform(0, hours_ago), 1),
                }
            )
        post["comments"] = sorted(comments, key=lambda c: -c["hours_ago"])
        posts.append(post)
    return posts


def idea_lists_data(
    rng: random.Random, members: list[dict[str, Any]], products: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    prime = [m["handle"] for m in members if m["prime"]]
    by_category: dict[str, list[str]] = {}
    for product in products:
        by_category.setdefault(product["category"], []).append(product["asin"])
    lists = []
    owners = ["maya", "maya", "maya", *rng.choices(prime, k=47)]
    for number, owner in enumerate(owners):
        title, description, categories = IDEA_LIST_TITLES[number % len(IDEA_LIST_TITLES)]
        pool = [asin for category in categories for asin in by_category[category]]
        hours_ago = round(rng.uniform(24, DAYS * 24), 1)
        items = [
            {
                "asin": asin,
                "note": rng.choice(ITEM_NOTES),
                "hours_ago": round(rng.uniform(0.5, hours_ago), 1),
            }
            for asin in rng.sample(pool, min(len(pool), rng.randint(2, 8)))
        ]
        lists.append(
            {
                "owner": owner,
                "title": title,
                "description": description,
                # maya's second list is private, so the demo shows both kinds.
                "public": number != 1 and rng.random() < 0.75,
                "hours_ago": hours_ago,
                "items": sorted(items, key=lambda i: -i["hours_ago"]),
            }
        )
    return lists


class _Dumper(yaml.SafeDumper):
    """Short lists of plain values on one line, the rest as blocks: easier to read and edit."""

    def ignore_aliases(self, data: Any) -> bool:
        return True  # no &anchors: each entry reads on its own


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(not isinstance(item, dict | list) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    # Small dicts of plain values (media, product tags, votes) fit on one line too.
    flow = len(data) <= 3 and all(not isinstance(v, dict | list) for v in data.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(dict, _represent_dict)


def write(name: str, header: str, data: Any) -> None:
    path = DATA_DIR / name
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)
    path.write_text(f"# {header}\n{text}")


def main() -> None:
    rng = random.Random(SEED)
    DATA_DIR.mkdir(exist_ok=True)
    topics = topics_data()
    members = members_data(rng, [t["slug"] for t in topics])
    products = products_data(rng)
    write(
        "topics.yaml",
        "Explore topics. A post goes into every topic one of whose aliases is one of its "
        "hashtags;\n# the slug without hyphens is always an alias, even if not listed.",
        topics,
    )
    write(
        "members.yaml",
        "Demo members. Passwords are in clear here on purpose (demo only); they are hashed "
        "on load.\n# interests: topic slugs; follows: handles; prime: may post, comment, "
        "smile and keep idea lists.",
        members,
    )
    write(
        "products.yaml",
        "The catalog. price is a decimal string in USD; category picks commission rates.",
        products,
    )
    write(
        "posts.yaml",
        "Posts. hours_ago is relative to load time; hashtags are read from the body.\n"
        "# product_tags: dots at (x, y) in [0, 1]; poll votes may carry a reason (Prime only).",
        posts_data(rng, members, products),
    )
    write(
        "idea_lists.yaml",
        "Idea lists (Prime members only). public: false lists are seen by their owner alone.",
        idea_lists_data(rng, members, products),
    )


if __name__ == "__main__":
    main()
