"""What the versions of a regime chose where they differ.

Each choice is one a later version made when a real council's history showed the rules before
it wrong: off in the versions before, on from the version that made it (its YAML file says so,
with its source in `changes`). The lifecycle asks the regime which way it goes, so that an
intervention keeps the rules it was opened under and replays as it ran.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict


class VersionChoices(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    # A recurring duty keeps its own calendar: an occurrence nobody recorded is flagged and the
    # next one is still expected. Without it the series waits for a record.
    continue_missed_series: bool = False
    # Every report the council receives is a fact of its own (`ReportReceived`), bringing its
    # duties whatever its judgement. Without it only an inadequate judgement brings them.
    records_reports: bool = False
    # A fact recorded before the deadline it answers was set (a board that met before the
    # notice) meets that deadline when it is set.
    earlier_facts_count: bool = False
    # Lifting the notice or revoking the direction withdraws only what the rules end there (and
    # the instrument's conditions): a report's statutory duties and the council's own plan
    # outlive it. Without it every open deadline is withdrawn.
    duties_outlive_revocation: bool = False
    # Oversight escalations go to whoever is appointed at the time (commissioner, else adviser,
    # else the DfE case lead). Without it they go by the track: a direction's commissioner, a
    # notice's adviser.
    oversight_by_appointment: bool = False
    # A notice or direction issued when none is in force, the last one lifted or revoked, opens
    # a new intervention: it sets a board and progress reviews of its own. Without it only the
    # first notice or direction sets them.
    each_intervention_overseen: bool = False
    # Services kept with the council after a move to another provider was directed end the
    # move: the go-live date is withdrawn and a revocation is expected again. Without it the
    # move stands.
    kept_services_end_the_move: bool = False
    # A condition the council does not own (the commissioner's report) is chased by the DfE:
    # its escalations go to the DfE's case lead, not up the council's ladder, and a condition
    # named as one of the rules, with no owner given, is owned as that rule is. Without it
    # every condition is the council's to answer.
    others_conditions_chased_by_dfe: bool = False
    # A commissioner appointed once the DfE has decided who runs the services sees it through:
    # no review stage, and a report only on the day the appointment sets. Without it every
    # appointment starts a review with its report three months on.
    decided_commissioners_review_nothing: bool = False
    # The DfE's reviews, none held yet while a commissioner reviewed, count from its decision
    # to keep the services with the council. Without it they keep the instrument's calendar.
    reviews_count_from_decision: bool = False
    # A commissioner appointed the day the DfE decides who runs the services, recorded before
    # the decision, sees it through as one recorded after it does: a transfer directed
    # withdraws the report the appointment set, as keeping the services did, and the DfE's
    # review put back to wait for that report counts from the decision (Slough, October 2014;
    # Tameside, September 2024). Without it the report of a transfer's day stays awaited, the
    # review keeps the date of a report that will not come, and the day's order of records
    # decides both.
    the_decision_day_commissioner_sees_it_through: bool = False
    # A notice or direction issued while a commissioner the DfE sent in is already reviewing
    # (appointed earlier that day, or before the report) sets reviews that wait for the
    # commissioner's report, as an appointment after it would have them wait. Without it they
    # keep the instrument's calendar, and the day's order of records decides the date.
    reviews_wait_for_a_commissioner_already_reviewing: bool = False
    # A review put back to wait for a commissioner's report waits for the report itself: it is
    # not called overdue while the commissioner in post owes it, and a report that comes late
    # has the review count from the day it came (Reading: Nick Whitfield's report due in
    # December 2016, published with the DfE's decision of 12 September 2017). Without it the
    # review counts from the day the report was due, and is called overdue while the
    # commissioner reviews.
    reviews_wait_for_a_late_report: bool = False
    # A day the notice or direction set itself, as a condition named as one of the rules,
    # stands when a re-inspection's report would set that rule again (Rotherham: directions
    # to lapse on 31 March 2019, a condition named `revocation`, the report judged good of
    # January 2018). Without it the report withdraws the condition and sets the rule's date.
    an_instruments_own_dates_stand: bool = False
    # Ofsted on site ends the monitoring visits of every cycle, not only the one under way: an
    # annual assessment that began a cycle leaves the visits of the last report's (Warrington:
    # the report of November 2009, the assessment of that December, Ofsted on site again in
    # early 2011). Without it the visits of the earlier cycle stay awaited.
    ofsted_on_site_ends_every_cycles_visits: bool = False
    # A notice or direction issued in place of one from before the report under way sets the
    # DfE's reviews anew, from its day (Cumbria: notices after the reports of 2012 and 2013, a
    # direction after that of 2015). Without it the reviews keep the first one's calendar.
    a_later_reports_instrument_sets_its_reviews: bool = False
    # Any notice or direction issued in place of the one in force sets the DfE's reviews anew,
    # from its day, not only one after a later report (Isle of Wight: the direction of November
    # 2016 replacing that of June 2013; Barnet: that of June 2018 replacing August 2017's).
    # Without it one issued for the same report keeps the first one's calendar.
    a_later_report_of_any_grade_sets_the_reviews: bool = False
    # A notice or direction issued in place of another carries over only the conditions still
    # open: not a report asked for once and submitted (Barnet: the commissioner's report of
    # December 2017, shown as a condition of the direction of June 2018). Without it every
    # condition is carried over, met or not.
    a_met_condition_ends_with_its_instrument: bool = False
    # The visits or reviews held but not recorded before a numbered one fall due in turn, each
    # a period after the one before, not all on the day the first of them was due (Stoke-on-
    # Trent: visits 2 to 5 all shown due on 26 July 2021, withdrawn when Ofsted's sixth came).
    skipped_occurrences_fall_due_in_turn: bool = False
    # What a notice or direction asks of someone other than the council, again and again, waits
    # for a record when one is not recorded, as Ofsted's visits and the DfE's reviews do: one
    # flag for a long silence, the next counted from the record (St Helens: the adviser to write
    # to the minister every six weeks from January 2020, no letter dated in the public record,
    # shown under version 17 as 39 letters missed and 116 escalations). Without it each
    # occurrence falls due on the calendar and escalates on its own.
    others_conditions_wait_for_a_record: bool = False
    # A commissioner's report the DfE decided without, once due and before it would be called
    # overdue, is no longer awaited (Rotherham: the report due in January 2015, the decision of
    # 26 February 2015). Without it the report is flagged after the decision and met, years
    # late, by whatever report comes next.
    a_decision_without_the_report_withdraws_it: bool = False
    # A decision on who runs the services taken while Ofsted was on site for the report the
    # record opened on is this report's decision (Birmingham: the council kept its services and
    # Lord Warner was sent in to oversee improvement on 27 March 2014, during the inspection).
    # Without it such a decision belongs to no cycle, and the commissioner is taken to review.
    a_decision_during_the_inspection_counts: bool = False
    # A report's statutory duties (its publication, the statement of action) stay owed when a
    # later report judged inadequate begins a new cycle: each report brings its own under
    # s137, and only what Ofsted and the DfE were expected to do ends with the cycle (Norfolk:
    # the child protection report of February 2013, inadequate again in October 2015;
    # Cumbria: the report of May 2012, inadequate again in June 2013). A fact of a day before a
    # report was received never answers that report's duty. Without it the earlier report's
    # duties are withdrawn, missed ones and all, and a statement sent for it, recorded after
    # the later report came, answers the later one.
    a_reports_duties_outlive_its_cycle: bool = False
    # A condition a notice or direction sets in place of a series of what others are expected
    # to do (the DfE's reviews on a calendar of its own, its quarterly stocktakes) is flagged once,
    # after that rule's grace, as the rule's own occurrences are (Rochdale: the notice of April
    # 2013 "reviewed after one year"; Tower Hamlets: the advisers' six-monthly reviews the
    # direction of September 2017 set from February 2018; Bexley: the DfE's and NHS England's
    # meetings "every three months" from May 2024). Without it it escalates like a statutory
    # deadline from the day after it falls due, to the DfE's case lead about its own meeting.
    a_condition_keeps_its_rules_grace: bool = False
    # Any move of the services directed while a commissioner the DfE sent in was reviewing, no
    # decision yet, is the DfE's decision, as a transfer is: the DfE's next review counts from
    # it (Torbay: John Coughlan sent in with the direction of May 2016, the direction of October
    # 2017 ordering Torbay to let Plymouth City Council run its children's services). Without
    # it only a transfer is, and the review awaited before stays due and is flagged.
    a_move_directed_decides: bool = False
    # An annual assessment or a joint area review is no inspection in full either: the first
    # inspection after a record opened on one is an inspection, not a re-inspection (Essex:
    # the annual performance assessment of 17 December 2008, the safeguarding and looked-after
    # children inspection of 2010). Without it only a letter's record is taken so.
    an_assessment_is_not_an_inspection: bool = False
    # A recurring condition recorded late, after waiting for its record, keeps the instrument's
    # calendar: the next falls due on the instrument's next date after the record, not a period
    # after the record (Tower Hamlets: the board chair's quarterly reports to the Secretary of
    # State from the end of 2017, due at quarters' ends; one for December recorded on 10 January
    # is followed by March's). Without it the next is due a period after the record.
    a_late_condition_keeps_its_calendar: bool = False
    # A commissioner appointed for a further period, her report still awaited, reports once,
    # for the period now set: the report awaited is withdrawn as replaced (Reading: Nick
    # Whitfield's review, his report due in December 2016, extended in February 2017 "until
    # April 2017"). Without it the first report stays awaited, flagged, and is met years later
    # by a report of another appointment.
    a_further_period_replaces_the_report: bool = False
    # The DfE's decision on who runs the services ends the wait for a commissioner's report
    # that was due before it, flagged or not: it is withdrawn the working day after the
    # decision, the day's facts all on the record by then (Slough: the report the direction of
    # May 2020 asked for by August, the decision of 1 April 2021; Rotherham: Malcolm Newsam's
    # report due in January 2015, the decision of 26 February 2015). Without it the report is
    # withdrawn only when its overdue alert would come, and one already flagged stays missed.
    a_decision_ends_the_wait_for_the_report: bool = False
    # A notice or direction issued in answer to the report the record opened on, in place of
    # one from before that report, sets the DfE's reviews from its own day, as one in place of
    # an instrument from before a later report does (Doncaster: under the direction of March
    # 2009, judged inadequate in the report of 16 November 2012, the direction of March 2013).
    # Without it the reviews keep the calendar they counted from the report.
    an_answer_to_the_report_sets_the_reviews: bool = False
    # A commissioner's report of the day the DfE decided who runs the services is the report
    # it decided on, whichever was recorded first: it meets the commissioner's report awaited,
    # not the DfE's review as a report after the decision would (Reading: Nick Whitfield's
    # report published with the decision of 12 September 2017; Northamptonshire: Malcolm
    # Newsam's report and the trust directed on 14 May 2019). Without it a report recorded
    # after the decision stands for the DfE's review, and the day's order of records decides.
    a_decision_days_report_came_before_it: bool = False
    # The DfE's review held before it fell due, by no more than the grace it has after, keeps
    # the DfE's calendar: the next is due a period after the one it met was due, not after the
    # day it was held (Middlesbrough: the commissioner's "six-month review" of November 2020,
    # due in December from the decision of 5 June 2020, and the "12-month review" of July
    # 2021). One held earlier still counts on from its own day. Without it an early review
    # brings the rest forward, and the one after is flagged before its slot came round.
    an_early_review_keeps_the_calendar: bool = False
    # The commissioner's report the DfE's next review was put back to wait for is not itself
    # that review: the review counts from the day the report came, before it was due as after
    # (West Sussex: John Coughlan's report of 10 December 2020, due by 17 December, met the first
    # review, put back to June 2021, as well, and the second fell due before the first). Without
    # it an early report meets the review, and the next counts from the report.
    the_awaited_report_is_not_the_review: bool = False
    # The DfE's review put back to wait for a commissioner's late report waits no longer than
    # the day its next would have been due, then is flagged (Stoke-on-Trent: the further review
    # of October 2019 whose report is not on the record, the review unflagged for four years).
    # Without it the review waits for as long as the commissioner is in post.
    a_late_report_holds_a_review_one_period: bool = False
    # A re-inspection's report judged inadequate, recorded without its days on site, ends the
    # monitoring visits of every cycle, as Ofsted's days on site do (Cornwall: the report of
    # October 2009, the annual assessment of that December, the re-inspection's report of
    # February 2011 with no days of fieldwork found; the visits of 2009's report stayed awaited
    # beside the new report's and were both flagged on one day in 2017). Without it the visits
    # of a cycle before the one under way stay awaited.
    an_inadequate_report_ends_every_cycles_visits: bool = False
    # The monitoring visits Ofsted's days on site end are withdrawn on its first day there,
    # recorded then or with the fieldwork's end (Sefton: on site from 23 June 2025, the
    # fieldwork recorded on 4 July). Without it they are withdrawn the day it is recorded.
    ofsted_on_site_withdraws_on_its_day: bool = False
    # The first notice or direction ends what the regime expected only until there was one,
    # the DfE's reviews after an area SEND revisit among them (Devon: the revisit of May 2022,
    # the notice of September 2022 with reviews of its own). Without it they go on beside the
    # instrument's.
    the_first_instrument_ends_the_reviews_before_it: bool = False
    # The real day of receipt moves every deadline counted from one it moves, a single one as
    # well as a series (Slough: the written statement of action due 18 February 2022 by the
    # receipt of 9 November 2021, and the revisit counted from it). Without it only a series
    # counted from it moves, and the revisit stays where the assumed receipt put it.
    a_confirmed_receipt_moves_what_follows: bool = False
    # A fact of the day a notice is lifted or a direction revoked meets what the lifting
    # withdrew that day, recorded after the lifting as before it (South Gloucestershire: the
    # notice lifted on 21 December 2023 "following a review"). Without it the review recorded
    # after the lifting meets nothing, and the one awaited shows withdrawn.
    a_fact_of_the_liftings_day_meets_what_it_withdrew: bool = False
    # A visit recorded with no number, the first of a series after visits held before any
    # series was kept, takes Ofsted's count, the next after those (Leicester: "the fifth
    # monitoring visit by Ofsted" of September 2016, after four from July 2015), as when the
    # count is given. Without it the visit takes the series' first number, and two visits of
    # the cycle share one.
    a_visit_counts_on_from_those_held_before_the_series: bool = False
    # A notice escalated to a direction while a commissioner the DfE sent in is reviewing
    # (appointed that day or before) sets reviews that wait for her report, as a direction
    # issued then does (Sefton: Paul Moffat appointed in May 2022, the notice of May 2021
    # escalated to a direction that month, his report of September). Without it the escalation
    # sets the direction's own calendar, and the day's order of records decides the date.
    an_escalation_waits_for_a_commissioner_already_reviewing: bool = False
    # A commissioner appointed the day the DfE decides who runs the services, her report's day
    # named, holds the DfE's reviews until that report, recorded before or after the decision
    # (West Sussex: John Coughlan kept on with the trust directed on 17 December 2019, to
    # report in twelve months). Without it the reviews wait only when she was appointed first.
    reviews_wait_for_a_decision_days_commissioner: bool = False
    # A commissioner appointed the day the DfE decides on a move in principle, the model still
    # to be worked out, reports on the options, recorded before or after the decision
    # (Worcestershire: Trevor Doughty appointed for a further period with the decision of 19
    # September 2017 to move the services into a company, his report on the options of 14
    # December). Without it one recorded after the decision sees it through and reports nothing.
    a_move_in_principle_wants_her_report: bool = False
    # A commissioner appointed the day the DfE decides on a move in principle whose options
    # were already appraised (an options appraisal on the record by that day) is there to see
    # the move through, as one appointed with a transfer is, recorded before or after the
    # decision and the appraisal (Doncaster: the Le Grand review's trust, the decision and Alan
    # Wood's appointment, all on 16 July 2013). Without it she reports on the options.
    an_appraised_move_needs_no_report: bool = False
    # A commissioner appointed to see through the DfE's decision of her own day, recorded after
    # the decision, has the DfE's next review count from the decision, as one recorded before it
    # does: her appointment puts the review back to wait for her report, and the decision,
    # withdrawing the report, counts the review from itself (Slough: the direction, Eleanor
    # Brazil's appointment and the trust, all in October 2014). Without it the review keeps its
    # calendar when she is recorded second, and the day's order of records decides its date.
    a_decision_seen_through_counts_the_reviews: bool = False
    # A commissioner appointed the day the DfE keeps the services with the council came to see
    # the decision through, not to review: whether the DfE held a review since the
    # commissioner came counts from the one who reviewed before it. Without it the review is
    # counted from the decision or not as the day's records fell.
    reviews_since_the_reviewing_commissioner: bool = False
    # A notice or direction issued in place of another the day a re-inspection's report judged
    # inadequate came out follows that report, recorded before or after it: it sets the DfE's
    # reviews anew from its day, as one recorded after the report does. Without it one recorded
    # first keeps the earlier reviews' calendar.
    an_instrument_of_the_reports_day_follows_it: bool = False
    # The council's publication of a report may be recorded before the report itself, the
    # day it came out: it is held, and the report recorded after it, received on or before its
    # day, is answered by it (Kirklees, Croydon, Worcestershire, Sefton: each re-inspection's
    # report and its publication recorded the same day). Without it the publication is
    # refused until the report is on the record, or answers an earlier report's still open.
    a_publication_ahead_of_its_report_answers_it: bool = False
    # The DfE's review of the day it sends a commissioner in, recorded after her appointment,
    # leaves its next review to wait for her report, as when recorded before it: the review
    # that led to her coming is not one held beside her. Without it the next review keeps the
    # calendar, and the day's order of records decides.
    a_review_of_the_commissioners_day_came_before_her: bool = False
    # The DfE holds no review of its own while a commissioner it sent in reviews: its next
    # counts from the commissioner's report. Without it the reviews keep their calendar.
    reviews_wait_for_the_commissioner: bool = False
    # A fact of a recurring duty recorded with no number meets the occurrence already due by
    # its day (the latest), not the oldest still open, so that those nobody recorded stay missed
    # (Hertfordshire: the DfE's quarterly monitoring set by the notice of January 2024, its
    # stocktake of January 2025 shown under version 9 as April 2024's review met late, and
    # January's own flagged missed three days on). Numbered facts already did so.
    unnumbered_facts_meet_the_occurrence_due: bool = False
    # A condition due at a month's end every so many months stays at months' ends (a chair's
    # quarterly reports: 31 December, 31 March, 30 June, 30 September, 31 December). Without it
    # each falls due on the day of the month of the one before, and quarters' ends drift.
    month_ends_kept: bool = False
    # A fact of before the report the intervention follows (a focused visit that led to the
    # inspection) meets none of the series that report set. Without it it meets the first.
    series_follow_the_report: bool = False
    # A report's duty recorded with no number answers the latest report received by then, not
    # an older one whose duty went unrecorded. Without it the oldest open one.
    report_facts_answer_the_latest: bool = False
    # An occurrence of a series another party keeps (Ofsted's visits, the DfE's reviews) that
    # nobody recorded is flagged once and stays open: the next visit or review meets it, and the
    # one after counts from that one. Without it the next is set when one is flagged, and each
    # unrecorded occurrence stays missed.
    unrecorded_occurrence_waits: bool = False
    # What another party does within the grace the engine gives it before calling it overdue
    # is met, not met late. Without it anything after the due date is late.
    late_after_grace: bool = False
    # A board set up while the intervention ran meets the board deadline of a later notice or
    # direction of the same intervention, across a new report; only one that ended (lifted or
    # revoked) asks for a new board. Without it only a board of the cycle under way counts.
    board_serves_the_intervention: bool = False
    # A national pause moves an expected date by the days of it the count from the anchor runs
    # into before that date, and the overdue alert by those its grace runs into too: a visit
    # due before the pause stays due then, only its alert waits. Without it every day of a
    # pause up to the alert moves the due date as well.
    pauses_move_only_what_they_stop: bool = False
    # Only a date that rests on an assumed receipt is marked assumed: the next visit or review
    # counted from one that took place is not. Without it the mark passed down the series.
    assumed_only_where_it_counts: bool = False
    # A date counted from one that rests on an assumed receipt is not marked assumed when the
    # receipt cannot move it: whatever day the report came, up to its publication, the count
    # begins at the end of the same pause (Coventry: the report of 21 March 2014, its first
    # monitoring visit due 1 September 2016, a quarter after Ofsted's quarterly monitoring
    # began). Without it the mark passes to every date counted from an assumed one.
    a_date_a_pause_fixes_is_not_assumed: bool = False
    # Services taken back by the council after another provider ran them end the move: the
    # status no longer shows them moving, a revocation is awaited again, and the intervention
    # stays at its stage (Doncaster: the trust live from 1 October 2014, the directions lifted
    # in January 2021, the services back with the council on 1 September 2022). Without it the
    # move stands and the stage goes back to improvement, support and supervision included.
    services_taken_back_end_the_move: bool = False
    # A go-live date a direction to transfer sets is met only by going live once the transfer
    # was directed, not by a move the council made before it (Doncaster: its trust, live since
    # 2014, owned by the council from 2019). Without it the earlier go-live meets the later date.
    a_go_live_follows_its_direction: bool = False
    # A commissioner's report that stands for the DfE's review once it has decided, coming
    # within that review's grace after a review recorded, is the write-up of that review, not
    # the next one (Middlesbrough: the "six-month review" of 9 to 11 November 2020 and its
    # report in December; the "12-month review" of 12 to 16 July 2021 and its report in
    # August). Without it the report meets the next review too.
    a_report_writes_up_the_review_before_it: bool = False
    # A transfer of the services directed while a commissioner the DfE sent in before it was
    # reviewing, no decision yet, is the DfE's decision: the commissioner's review is over, and
    # the DfE's next review counts from it, as from a decision to keep the services (Slough: a
    # commissioner named in the direction of 2020 to work on a future operating model, the
    # services moved to Slough Children First by the direction of 1 April 2021). Without it
    # the intervention stays in commissioner review, and the review waits for her report.
    a_transfer_directed_decides: bool = False
    # A re-inspection's report recorded on the day it was published, with no day of its visit
    # given, takes that day as the report's, not the visit's: it meets no re-inspection it sets
    # itself, and its receipt is assumed by the regime's rule, never before the fieldwork
    # recorded ended (Birmingham: the report of 25 November 2016, judged inadequate, shown met
    # that day by itself; Tower Hamlets: the report of 22 July 2019 assumed received that day,
    # not three working days before). Without it the day recorded is the visit's.
    a_report_on_its_day_is_not_its_visit: bool = False
    # The commissioner's review ends when no commissioner is left to make it, her appointment
    # ended or the direction stepped down to a notice: the intervention goes on at improvement
    # (Hull: the direction of March 2020 and its commissioner, Paul Moffat, who advised on and
    # oversaw improvement; the direction stepped down on 5 August 2022, "the Commissioner is now
    # no longer required"). Without it the record stays in commissioner review.
    the_commissioners_going_ends_the_review: bool = False
    # A move of the services the DfE directed in an earlier cycle, not yet live, stays its
    # decision when a new report judges the council inadequate: a commissioner sent in then
    # comes to see the move through, and her reports recommend nothing new (Northamptonshire:
    # the trust directed in June 2019, the council judged inadequate that July, Andrew
    # Christie appointed in October "to finish this crucial work", the trust live on 1 November
    # 2020). Without it the new report reopens who runs the services.
    a_move_under_way_stays_decided: bool = False
    # The real day of a report's receipt, recorded after a deadline counted from the assumed
    # day was escalated, withdraws the escalations the new date does not bring: a plan met on
    # time for it, or one not yet recorded and not yet missed by it, pending again (Lancashire:
    # its SEND plan due 21 March 2025 by the assumed receipt, escalated on 24 March, due 25
    # March by the real one, the day it was approved). Without it they stand.
    receipt_confirmed_withdraws_undeserved_escalations: bool = False
    # A letter naming priority actions brings its statement of action and publication only
    # from this day (JTAIs' written statements from February 2016, focused visits' action plans
    # from 2018); the unannounced inspections of 2009 to 2013 named "areas for priority action"
    # with none asked for. Without it a letter brings them whenever it came.
    letters_bring_duties_from: date | None = None
    # A letter of before the inspection the record opened on is history: it brings no duties
    # here, since nothing that answered them could be recorded before that inspection ended
    # (St Helens: the focused visit of July 2018, its action plan that September, the report of
    # November 2019). Without it its duties are set, and stay missed.
    earlier_letters_are_history: bool = False
    # A direction stepped down to a notice ends the commissioner's appointment, as revoking it
    # does (Hull, 5 August 2022). Without it the commissioner stays until the appointment is
    # ended by hand.
    stepping_down_ends_the_commissioner: bool = False
    # Only what was done once the inspection was over answers what its report set: an adviser
    # or commissioner already in post is not the DfE's decision on it (Bournemouth,
    # Christchurch and Poole: an adviser from 2020, the report of early 2022). Without it an
    # appointment of any date answers it.
    decisions_follow_the_inspection: bool = False
    # A report not judged inadequate with no notice or direction in force ends the
    # intervention: there is nothing for the DfE to lift (Darlington: requires improvement in
    # May 2018 after an intervention without a notice; Sutton: good in July 2025). Without it
    # the stage is awaiting revocation, though nothing can be revoked.
    nothing_to_revoke_ends_it: bool = False
    # A visit or review recorded with its owner's number several past the one awaited says
    # each before it took place: every one between is withdrawn as held but not recorded
    # (Wandsworth: Ofsted's third visit, reported on 6 April 2017, the first and second not
    # found). Without it only the one awaited is, and those between appear nowhere.
    every_skipped_occurrence_withdrawn: bool = False
    # A full inspection after a record opened on a letter (a focused visit's, a JTAI's) is an
    # inspection, not a re-inspection: nothing before it was inspected in full (Halton: the
    # focused visit of October 2021, its standard inspection of May 2024). Without it every
    # report after the first is a re-inspection's.
    first_full_inspection_is_not_a_reinspection: bool = False
    # The numbered visit or review itself, when those before it were held and not recorded, is
    # due the day it took place: when it fell due hangs on days nobody recorded (Blackpool:
    # Ofsted's third visit in September 2021, the first two not found; Buckinghamshire: its
    # fourth in October 2019, the second and third not found). Without it the numbered one is
    # due when the one awaited was, and shown met late, by years where a pause came between.
    numbered_occurrence_due_when_held: bool = False
    # Support and supervision ends when a new intervention begins: a notice or direction issued
    # with none in force, or a report judged inadequate, withdraws the support reviews still
    # open, of any cycle (Herefordshire: the notice of 2013 lifted, the non-statutory
    # notice of 18 May 2021 after the High Court's judgment, the direction of 21 September
    # 2022). Without it a support review nobody recorded stays overdue under the new notice.
    a_new_intervention_ends_support: bool = False
    # A deadline set again in its cycle, where the first carried no number, is the second: the
    # board a second notice asks for is "Improvement Board established 2" (Herefordshire: the
    # board of 2013, and the board the notice of 18 May 2021 set up from June 2021). Without it
    # the second is numbered 1.
    an_unnumbered_deadline_is_the_first: bool = False
