"""Phrase banks for the synthetic demo cases (see review/demo/data.py).

Everything here is invented. The wording imitates the sober register of a
professional standards file and is deliberately non-graphic: the demo data
exists so that panel members and coordinators can rehearse the workflow.
Templates use ``str.format`` fields filled in by ``review.demo.data``.
"""

from __future__ import annotations

SYNTHETIC_BANNER = "DEMO / SYNTHETIC DATA - NOT A REAL CASE"
SYNTHETIC_NOTICE = ("This document was generated for the Panel Review demonstration. "
                    "All people, places, dates and references in it are invented.")

# (outcome, weight, regimes it belongs to or None for all, kind); kind "exit"
# ends the subject's service, "reg13" is for probationers only, "ncta" is no
# case to answer.  Police staff ("staff") have the force's staff procedure,
# not the Conduct Regulations, and so outcomes of their own.
_OFFICERS = ("2004", "2008", "2012", "2020")
_SINCE_2008 = ("2008", "2012", "2020")
OUTCOMES = (
    ("No case to answer", 45, None, "ncta"),
    ("No case to answer – learning identified", 5, None, "ncta"),
    ("Case to answer – management advice", 6, ("2004", "2008", "2012"), ""),
    ("Case to answer – management action", 5, ("2008", "2012"), ""),
    ("Case to answer – written warning", 4, ("2004",), ""),
    ("Case to answer – reflective practice (RPRP)", 8, ("2020",), ""),
    ("Case to answer – practice requiring improvement", 3, ("2020",), ""),
    ("Misconduct meeting – no further action", 3, _SINCE_2008, ""),
    ("Misconduct meeting – written warning", 5, _SINCE_2008, ""),
    ("Misconduct meeting – final written warning", 3, _SINCE_2008, ""),
    ("Gross misconduct hearing – final written warning", 2, _SINCE_2008, ""),
    ("Gross misconduct hearing – dismissed without notice", 2, _SINCE_2008, "exit"),
    ("Misconduct hearing – reprimand", 3, ("2004",), ""),
    ("Misconduct hearing – fine", 2, ("2004",), ""),
    ("Misconduct hearing – required to resign", 1, ("2004",), "exit"),
    ("Misconduct hearing – dismissed from the force", 1, ("2004",), "exit"),
    ("Special case hearing – dismissed", 1, ("2008", "2012"), "exit"),
    ("Accelerated misconduct hearing – dismissed", 1, ("2020",), "exit"),
    ("Management action (police staff misconduct procedure)", 8, ("staff",), ""),
    ("Staff misconduct meeting – written warning", 5, ("staff",), ""),
    ("Staff misconduct meeting – final written warning", 3, ("staff",), ""),
    ("Staff gross misconduct hearing – dismissed without notice", 2, ("staff",), "exit"),
    ("Resigned before proceedings", 4, None, "exit"),
    ("No further action after criminal investigation", 8, None, ""),
    ("Unsatisfactory performance procedures – first stage", 1, _OFFICERS, ""),
    ("Services dispensed with (Regulation 13)", 15, _OFFICERS, "reg13"),
)
# How a narrative names the rules a case was dealt with under.
REGIME_NAMES = {
    "2004": "Police (Conduct) Regulations 2004",
    "2008": "Police (Conduct) Regulations 2008",
    "2012": "Police (Conduct) Regulations 2012",
    "2020": "Police (Conduct) Regulations 2020",
    "staff": "force's police staff misconduct procedure",
}
RANK_WORDS = {"PC": "police constable", "DC": "detective constable", "PS": "police sergeant",
               "DS": "detective sergeant", "DI": "detective inspector", "PCSO": "PCSO",
               "Probationer PC": "probationer police constable",
               "Designated detention officer": "designated detention officer"}
RANK_WORDS.update({f"Police staff (Band {b})": f"member of police staff (Band {b})"
                   for b in "BCDE"})
NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")

# (rank, weight) by subject role.
RANKS = {
    "officer": (("PC", 60), ("DC", 13), ("PS", 12), ("DS", 6), ("Inspector", 4),
                ("DI", 2), ("Chief Inspector", 2), ("Superintendent", 1)),
    "probationer": (("Probationer PC", 1),),
    "staff": (("Police staff (Band D)", 30), ("Police staff (Band C)", 15),
              ("Police staff (Band E)", 10), ("PCSO", 25),
              ("Designated detention officer", 12), ("Police staff (Band B)", 8)),
}
PROMOTION = {"PC": "PS", "DC": "DS", "PS": "Inspector", "DS": "DI",
             "Inspector": "Chief Inspector", "DI": "Chief Inspector"}
UNITS = {
    "officer": ("a response team", "a safer neighbourhoods team", "a criminal investigation "
                "department", "a public protection unit", "a roads policing unit",
                "a territorial support group", "a custody suite", "a specialist operations unit",
                "a basic command unit's proactive team"),
    "probationer": ("a response team", "a safer neighbourhoods team", "a tutor unit"),
    "staff": ("a command and control centre", "a custody suite", "a crime recording unit",
              "a safer neighbourhoods team", "a property store", "a criminal justice unit"),
}

# Noun phrases; {months}, {weeks}, {place}, {home} and {workplace} are filled in.
ALLEGATIONS = {
    "domestic_abuse": (
        "controlling and coercive behaviour over a period of about {months} months",
        "an assault during an argument at {home}",
        "repeated threatening messages after the relationship ended",
        "damage to property and verbal threats during a domestic incident at {home}",
        "monitoring of the complainant's phone, movements and finances",
        "a breach of a non-molestation order over roughly {weeks} weeks",
        "harassment by repeated unwanted visits to {home}",
    ),
    "sexual_violence": (
        "a sexual assault following a social event at {place}",
        "rape, said to have happened at {place}",
        "non-consensual sexual contact at {place}",
        "sexual touching without consent at {place}",
    ),
    "sexual_misconduct": (
        "unwanted messages of a sexual nature sent over about {weeks} weeks",
        "use of police systems to obtain the complainant's details, followed by unwanted contact",
        "pursuit of a sexual relationship with a victim of crime met on duty",
        "unwanted touching and remarks of a sexual nature at {workplace}",
        "an abuse of position for a sexual purpose over about {months} months",
        "sharing of an intimate image without consent",
    ),
    "discrimination": (
        "remarks of a racially discriminatory nature at {workplace}",
        "derogatory comments about the complainant's sex and sexual orientation",
        "sharing of offensive material in a work messaging group",
        "less favourable treatment of the complainant on grounds of religion",
    ),
    "other": (
        "unauthorised use of police systems to look up the complainant",
        "failure to declare a notifiable association",
        "a dishonest account given to supervisors about the events at {place}",
        "attempts to discourage the complainant from pursuing the report",
    ),
}

COMPLAINANTS = {
    "domestic_abuse": ("the subject's partner", "the subject's former partner",
                       "the subject's estranged spouse", "a family member of the subject",
                       "the subject's partner at the time"),
    "sexual_violence": ("a member of the public", "a colleague", "an acquaintance of the subject",
                        "a former partner of the subject", "a student officer"),
    "sexual_misconduct": ("a colleague", "a junior colleague", "a member of the public met on duty",
                          "a victim of crime the subject had dealt with", "a student officer"),
    "discrimination": ("a colleague", "a member of the public", "a detained person",
                       "a member of police staff"),
    "other": ("a colleague", "a member of the public", "the complainant's family"),
}

PLACES = ("a residential address in the borough", "licensed premises in the town centre",
          "a police building", "a shared address in a neighbouring borough",
          "a hotel after a work social event", "a car park near the complainant's home",
          "a section house", "a training venue", "an address outside the force area",
          "a residential address in a neighbouring force area")

HOMES = ("a residential address in the borough", "the complainant's home in a neighbouring borough",
         "a shared address in the borough", "the complainant's new address",
         "a family address outside the force area", "the complainant's workplace")
WORKPLACES = ("a police building", "a station canteen", "a training venue", "a section house",
              "a custody suite", "a work social event", "a briefing room", "an operational base")

CHANNELS = ("by the complainant at a front counter", "in a 999 call",
            "to the subject's line manager",
            "through the confidential internal reporting line",
            "by a colleague who witnessed part of the events",
            "through the online reporting service",
            "in a letter to the borough commander")
CHANNELS_BY_TYPE = {"domestic_abuse": ("through a domestic abuse support worker",
                                       "by a neighbour who called the police"),
                    "sexual_violence": ("through an independent sexual violence adviser",
                                        "at a sexual assault referral centre"),
                    "sexual_misconduct": ("through a workplace representative",),
                    "discrimination": ("through a staff support association",),
                    "other": ("through a supervisor's audit",)}

# Each template is one paragraph; {what}, {complainant}, {subject}, {place} etc.
ALLEGATION_PARAS = (
    "{Complainant}{initials} alleged {what} by {subject}. The events are dated to {conduct}.",
    "The allegation concerns events on or around {conduct}. {Complainant}{initials} described "
    "{what}, and named {subject} as responsible.",
    "The referral alleges {what} on the part of {subject}. The complainant, "
    "{complainant}{initials}, placed the events in {month_year}.",
    "This case concerns {what}. The subject is {subject_short}; the complainant is "
    "{complainant}{initials}. The conduct is dated {conduct}.",
    "The complainant, {complainant}{initials}, alleges {what} by {subject} on {conduct}.",
)
SECOND_ALLEGATION = ("The file also records {what}.", "A second matter was raised at the same "
                     "time: {what}.", "The referral also mentions {what}.")

REPORT_PARAS = (
    "The matter was reported {delay}, on {reported}, {channel}.",
    "It was first reported on {reported} ({delay}), {channel}. {report_extra}",
    "A report was made {channel} on {reported}, {delay}. {report_extra}",
    "The report reached professional standards on {reported}, {delay}; it had been made {channel}.",
)
REPORT_EXTRA = ("The complainant asked for updates by telephone only.",
                "The complainant said that earlier concerns had not been taken forward.",
                "A risk assessment was completed on the day of the report.",
                "No risk assessment is recorded at the time of the report.",
                "The complainant was referred to a support service.",
                "The complainant said they had delayed reporting for fear of not being "
                "believed.")

DONE = ("took an initial account from the complainant", "interviewed the subject under caution",
        "obtained a written response from the subject", "reviewed body-worn video footage",
        "obtained the subject's duty records", "checked the subject's use of police systems",
        "spoke to {witnesses} witnesses", "obtained call records for the relevant period",
        "sought CCTV from nearby premises", "obtained the 999 call recording",
        "consulted the Crown Prosecution Service", "reviewed the subject's messages")
NOT_DONE = ("did not re-contact the complainant after the initial account",
            "did not obtain CCTV before it was overwritten",
            "did not check for previous reports against the subject",
            "did not consider whether the conduct could amount to gross misconduct",
            "did not refer the matter to the IOPC",
            "relied on the subject's account without seeking corroboration",
            "closed the case when the complainant withdrew support without exploring the reasons",
            "did not obtain the subject's phone data",
            "did not trace {witnesses} potential witnesses named by the complainant",
            "did not record a safeguarding referral",
            "did not assess the subject's continued access to vulnerable people")
INVESTIGATION_PARAS = (
    "The original investigation {done}. It {not_done}.",
    "Professional standards {done}. The file shows that the investigation {not_done}.",
    "The investigating officer {done}. However, the investigation {not_done}.",
    "During the investigation, which ran for about {inv_months}, professional standards "
    "{done}. It {not_done}.",
)
INVESTIGATION_COMPLETE = (
    "The original investigation {done}. The investigation plan is recorded and was followed.",
    "Professional standards {done}. Each line of inquiry in the plan is marked as completed.",
    "The investigating officer {done}; the file records the reasons for each decision taken.",
)

OUTCOME_PARAS = (
    "The investigation concluded on {outcome_date}, {days} days after the report, with the "
    "outcome: {outcome}. The matter fell under the {regime_name}.",
    "Outcome ({outcome_date}): {outcome}. That was {days} days after the report was made. "
    "The {regime_name} applied.",
    "On {outcome_date} the appropriate authority recorded the outcome as \"{outcome}\", "
    "{days} days after the report. The case was handled under the {regime_name}.",
    "The original outcome, recorded {days} days after the report on {outcome_date}, was: "
    "{outcome} ({regime_name}).",
)

CONTEXT_PARAS = (
    "The complainant later withdrew support for the investigation; the file gives fear of "
    "repercussions at work as the reason.",
    "The subject remained on full duties throughout the investigation.",
    "The subject was placed on restricted duties for about {months} months.",
    "A criminal investigation ran in parallel and ended with no charge on {crim_date}.",
    "The subject's vetting was not reviewed after the outcome.",
    "A safeguarding referral was made on behalf of {children} child(ren) at the address.",
    "The file notes that the complainant was not told of the outcome until {notify_weeks} weeks "
    "after it was decided.",
    "Other reports concerning the same subject appear in this review set; the file does not "
    "show that they were considered together.",
    "The subject was moved to a non-public-facing role pending the outcome.",
)

LINES_OF_INQUIRY = (
    "Re-contact the complainant and take a full account",
    "Obtain the subject's phone and message data for the relevant period",
    "Check police systems for previous reports involving the subject",
    "Trace and interview the witnesses named in the original account",
    "Review body-worn video from officers who attended",
    "Audit the subject's use of police systems",
    "Obtain the 999 call recording and command and control log",
    "Seek the third-party material held by the support service",
    "Review the subject's duty records against the dates alleged",
    "Assess whether the conduct could amount to gross misconduct",
    "Consider a referral to the IOPC",
    "Check for other complainants linked to the subject",
)

# How many lines of inquiry / risk measures the Met listed, by category.
LOI_COUNTS = {"no_formal_action": (0, 0, 0, 1), "new_assessment": (1, 2, 2, 3, 3, 4),
              "formal_risk_management": (0, 1, 1, 2)}
RISK_COUNTS = {"no_formal_action": (0,), "new_assessment": (0, 0, 0, 1),
               "formal_risk_management": (1, 2, 2, 3, 3)}

RISK_MEASURES = (
    "Vetting review", "Restricted duties pending review", "Removal from public-facing duties",
    "No lone working with vulnerable people", "Supervisory monitoring plan",
    "Review of access to police systems", "Notification to the Barred/Advisory List team",
    "Suspension of firearms authority", "Referral to the force's risk management panel",
)

MET_RATIONALE = {
    "no_formal_action": (
        "The original investigation was proportionate and the outcome was reasonable on the "
        "evidence available.",
        "The reasonable lines of inquiry were completed at the time and the decision was "
        "properly recorded.",
        "Correct action was taken at the time; nothing further is required.",
        "The complainant was kept informed and the outcome is supported by the evidence.",
    ),
    "new_assessment": (
        "{n_loi} line(s) of inquiry were missed or left incomplete, including: {first_loi}.",
        "The original investigation did not complete reasonable lines of inquiry; a new "
        "assessment is needed.",
        "New information, or inquiries missed at the time, may change the outcome.",
        "The severity assessment should be revisited in the light of the missed inquiries.",
    ),
    "formal_risk_management": (
        "The subject remains in service and the pattern of reports indicates continuing risk.",
        "Formal risk management is needed, with a review of whether the subject should remain "
        "in service.",
        "Measures proposed: {first_risk}.",
        "The subject's role gives access to vulnerable people; risk should be managed formally.",
    ),
}

DOC_TITLES = (
    ("Original investigation report (extract)", "pdf"),
    ("Decision record (original outcome)", "pdf"),
    ("Complainant account (summary)", "pdf"), ("Subject's account (summary)", "text"),
    ("Vetting note", "text"), ("Supervisor's log", "text"), ("Safeguarding referral note", "text"),
    ("Witness statement (summary)", "pdf"), ("Case chronology", "text"),
)

LOG_ENTRIES = ("Spoke to the subject about the report; welfare support offered.",
               "Duties reviewed; no change made at this stage.",
               "Update requested from professional standards.",
               "Subject moved to day shifts at own request.",
               "Complainant's support worker asked for an update; passed to the investigator.",
               "Restricted duties reviewed and continued.",
               "Occupational health referral made for the subject.",
               "Informed that the investigation is still open.",
               "No contact between the subject and the complainant reported.")
VETTING_LINES = ("Vetting level held: {vetting}. Last renewed {renewed}.",
                 "No vetting review was triggered by the report.",
                 "A vetting review was requested on {review_date}; the result is not on file.",
                 "Adverse information recorded on the vetting file on {review_date}.",
                 "The subject's vetting was confirmed as current on {review_date}.")
ACCOUNT_LINES = ("The account sets out the events in date order and names {witnesses} people who "
                 "may have relevant information.",
                 "The account was given in a recorded interview lasting about {minutes} minutes.",
                 "The account was summarised by the investigator; the full record is not on file.",
                 "The account disputes the timing of the events but not that a meeting took place.",
                 "The account refers to earlier incidents that were not reported at the time.",
                 "The account was provided in writing through a representative.")
DECISION_LINES = ("The decision maker considered the investigation report and the subject's "
                  "response.",
                  "The rationale recorded at the time runs to a single paragraph.",
                  "The decision was reviewed and agreed by a second officer of higher rank.",
                  "The rationale refers to the lack of independent evidence.",
                  "The decision record does not say whether the complainant's views were sought.")
SAFEGUARDING_LINES = ("Referral made to the local multi-agency safeguarding hub.",
                      "Risk to the complainant assessed as {risk} at the time of the report.",
                      "The complainant was offered an independent domestic violence adviser.",
                      "Information shared with children's services for {children}.",
                      "No further safeguarding action was recorded after the referral.")
VETTING_LEVELS = ("Recruitment vetting", "Management vetting",
                  "Non-police personnel vetting level 2", "Security check")
