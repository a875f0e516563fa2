"""Word pools the fake draws names, places and statuses from.

Indian field-sales data, with the unicode, blanks and odd spacing real Toolyt accounts hold.
"""

from __future__ import annotations

FIRST_NAMES = (
    "Vidhya",
    "Amjad",
    "Prashob",
    "Nizamudheen",
    "Sreejith",
    "Rahman",
    "Anjali",
    "Priya",
    "Rohit",
    "Kavya",
    "Arjun",
    "Meera",
    "Farhan",
    "Deepa",
    "Suresh",
    "Lakshmi",
    "Joseph",
    "Thomas",
    "Gopal",
    "Nandini",
    "Irfan",
    "Bindu",
    "Ayesha",
    "Vikram",
    "Sneha",
    "Harish",
    "José",
    "Zoë",
    "Renée",
    "Chloé",
    "राजेश",
    "सुनीता",
    "अमित",
    "முருகன்",
    "செல்வி",
    "கார்த்திக்",
)
LAST_NAMES = (
    "M",
    "Ali",
    "K",
    "V",
    "Nair",
    "Menon",
    "Sharma",
    "Iyer",
    "Reddy",
    "D'Souza",
    "Fernandes",
    "Pillai",
    "Gupta",
    "Khan",
    "Rao",
    "Das",
    "Joshi",
    "Kulkarni",
    "Bhat",
    "Müller",
    "Gonçalves",
    "कुमार",
    "शर्मा",
    "சுப்பிரமணியம்",
    "ராஜன்",
    "U T ",
    "",
)
COMPANIES = (
    "MN Enterprises",
    "Rahman Clinics",
    "Lotus Diagnostics",
    "Green Valley Clinic",
    "Kaveri Labs LLP",
    "Noor Pharma",
    "Blue Cross Nursing Home",
    "Anand & Sons",
    "Café Coorg Pvt. Ltd.",
    "Sri Ganesh Medicals",
    "श्री गणेश मेडिकल्स",
    "மதுரை நல மருத்துவமனை",
    "Deccan Health Care",
    "Malabar Surgicals",
    "Sunrise Hospital",
    "Trident Pathology",
    'Apex "Care" Centre',
    "Vasan Opticals",
    "Coastal Dental Studio",
    "Nilgiri Ayurveda",
    "CityLab Diagnostics",
    "Mehta Polyclinic",
    "Everwell Pharmacy",
    "",
)
DESIGNATIONS = (
    "CEO",
    "HR",
    "Manager",
    "Purchase Head",
    "Doctor",
    "Lab In-charge",
    "Owner",
    "Marketing Head",
    "Administrator",
    "Chief Pharmacist",
    "",
)
USER_DESIGNATIONS = ("Manager", "Executive", "Sales Executive", "Regional Manager", "Technician")
DEPARTMENTS = ("Sales", "Service", "Marketing", "Operations", "")
ADDRESSES = (
    "Nasscom Warehouse Diamond District, Bangalore, India",
    "MES Pattambi",
    "Hoodi Main Road, Hoodi, Bengaluru, Karnataka, India",
    "12°57'35.2\"N 77°38'37.1\"E, H A L Old Airport Rd, Kodihalli, Bengaluru 560017",
    "Anna Salai, Teynampet, Chennai, Tamil Nadu",
    "Linking Road, Bandra West, Mumbai, Maharashtra",
    "MG Road, Ernakulam, Kerala",
    " Banjara Hills, Hyderabad",
    "Sector 18, Noida, Uttar Pradesh",
    "करोल बाग, नई दिल्ली",
    "",
)
STATES = ("Karnataka", "Kerala", "Tamil Nadu", "Maharashtra", "Telangana", "Delhi", None)
PIN_CODES = ("560017", "560048", "600018", "400050", "682016", "500034", "")
INDUSTRIES = (
    "Hospitals",
    "Small/Medium Enterprises",
    "Manufacturing",
    "Pharmacy",
    "Diagnostics",
    "Education",
    "Clinics",
)
LEAD_SOURCES = ("Cold Call", "Reseller", "Website", "Referral", "Trade Show", "Walk-in")
WEBSITES = ("", "", "www.example.in", "https://clinic.example.com")
DESCRIPTIONS = (
    "",
    "",
    "Lead with large value.",
    "Asked for a demo next month.",
    "Prefers calls after 4 PM.",
    "Budget approved for Q3 — follow up.",
    "पुराना ग्राहक",
)

# Lead statuses by stage; a lead moves between the first group, a conversion or loss sets one
# of the others.
LEAD_STATUSES = {
    "leads": (
        "New",
        "First Contact to customer pending",
        "Contacted",
        "Demo scheduled",
        "Proposal sent",
        "Negotiation",
    ),
    "customers": ("Data added", "Won", "Order placed", "Repeat customer"),
    "lost_leads": ("Competition", "Budget constraints", "No response", "Not interested"),
}

PRODUCTS = (
    ("Alcohol Swabs", "SWABS & LANCETS"),
    ("ACD tube (1:4) ", "VACUUM BLOOD COLLECTION TUBES"),
    ("Lancets 28G", "SWABS & LANCETS"),
    ("Glucometer Strips", "DIABETES CARE"),
    ("EDTA Vacutainer 4 ml", "VACUUM BLOOD COLLECTION TUBES"),
    ("Nitrile Gloves", "PROTECTION"),
    ("N95 Face Masks", "PROTECTION"),
    ("Digital Thermometer", "DEVICES"),
    ("BP Monitor", "DEVICES"),
    ("Pulse Oximeter", "DEVICES"),
    ("Syringe 5 ml", "CONSUMABLES"),
    ("Cotton Roll 500 g", "CONSUMABLES"),
    ("Hand Sanitiser 500 ml", "PROTECTION"),
    ("Surgical Tape", "CONSUMABLES"),
    ("Urine Container", "CONSUMABLES"),
)
PRODUCT_VARIANTS = ("", " – S", " – M", " – L", " (Box of 100)", " Pro", " Lite")
DIMENSIONS = ("NA", "10x10x5 cm", "30x20x15 cm", "")
PACKAGING = ("100/Pack", "50/Box", "Single", "600/Carton")
VOLUMES = ("NA", "4", "500", "")

JOB_TYPES = ((1, "Fix issue"), (2, "Installation"), (3, "Preventive maintenance"), (4, "Demo"))
# A job walks these statuses in order; reaching the last one finishes it.
JOB_STATUSES = ("Reported issue", "Collected Machine", "Work in progress", "Issue solved")
PRIORITIES = ("Low", "Medium", "High")
JOB_DETAILS = ("Machine not starting", "Annual service", "Install at new wing", "Demo unit")
JOB_NOTES = (
    "", "", "Spare part ordered", "Customer asked to call first",
    "भाग बदला गया",
)

VISIT_CONTENTS = ("", "Product demo", "Collect payment", "Follow up on quote", "Intro meeting")
VISIT_REMARKS = ("", "Met the purchase head", "Left brochure", "Order expected next week")
CANCEL_REASONS = ("Customer not available", "Rescheduled by customer", "Holiday", "Rain")
LOCATIONS = (
    ("12.901022", "77.6448964", "HSR Layout, Bengaluru, Karnataka, India"),
    ("12.9716", "77.5946", "MG Road, Bengaluru, Karnataka, India"),
    ("13.0827", "80.2707", "Anna Salai, Chennai, Tamil Nadu, India"),
    ("9.9312", "76.2673", "Ernakulam, Kochi, Kerala, India"),
    ("19.0596", "72.8295", "Bandra West, Mumbai, Maharashtra, India"),
)

OPPORTUNITY_TYPES = ("Type 1", "New Business", "Renewal")
# Opportunity steps in order; the list calls the step by its number ("Stage 2").
OPPORTUNITY_STEPS = ("Initial Contact", "Needs Analysis", "Proposal", "Negotiation", "Closing")
FORECAST_CATEGORIES = ((125, "Pipeline"), (126, "Best Case"), (127, "Commit"))
LOST_WON_REASONS = ("Price", "Better features", "Relationship", "Budget cut", "")
OPPORTUNITY_NAMES = ("Annual supply", "New wing setup", "Lab upgrade", "Renewal", "Pilot order")

LANGUAGES = ("English", "Hindi", "Tamil", "Kannada", "Malayalam", "")
WEEK_DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
EDUCATION = ("Graduate", "MBBS", "MD", "B.Pharm", "")
