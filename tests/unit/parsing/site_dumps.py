"""Page dumps in other sites' styles, written for these tests: a wire service, a local paper, a
tabloid, a blog with a relative date, and a Spanish paper; each with its own furniture around it."""

from __future__ import annotations

WIRE_SERVICE = """\
Skip to main content
Business Markets World Politics Tech
We use cookies to improve your experience. By continuing you accept our cookie policy.
Accept all cookies

World

Drought strands hundreds of barges on the Rhine as water levels fall

By Anna Keller and Tomas Berg

4 minute read
Updated 8 hours ago

FRANKFURT, Aug 11 (Reuters) - Hundreds of cargo barges were stranded on the Rhine on Thursday as \
weeks of drought pushed water levels at a key chokepoint close to the point where ships can no \
longer pass, threatening supplies of coal and fuel to factories and power plants.

Photo: A cargo ship lies idle near Kaub, Germany, August 10. (Handout)

The water level at Kaub, west of Frankfurt, fell to 40 centimetres on Thursday morning, and the \
federal waterways agency said it expected a further drop over the weekend if no rain arrived.

Shippers have been loading barges to a quarter of their capacity to keep them afloat, which has \
driven freight rates to the highest level in years and forced some manufacturers to cut output.

"We are watching the gauges every hour," said a spokesman for one of the largest chemical makers \
on the river, adding that the company had moved some of its deliveries to rail.

Reporting by Anna Keller and Tomas Berg; Editing by Mark Potter

Our Standards: The Thomson Reuters Trust Principles.

Read Next
Oil prices climb as supply worries return
Airlines cut summer flights as staff shortages bite
Copyright 2022 Reuters. All rights reserved.
"""

LOCAL_PAPER = """\
The Riverside Gazette
Home News Sports Opinion Obituaries Classifieds
Subscribe for $1

LOCAL NEWS

Volunteers rebuild the town's flooded library in a single weekend

Posted on March 14, 2021 by Laura Chen

Nearly two hundred volunteers turned out on Saturday to clear mud from the ground floor of the \
Riverside Public Library, which was flooded when the creek behind it rose during last week's storm.

By Sunday evening the shelves had been scrubbed, the carpets torn out and thousands of damp books \
laid out to dry on tables borrowed from the high school across the street.

"I have lived here for forty years and I have never seen the town come together like this," said \
librarian Margaret Olsen, who helped organise the clean-up from her kitchen table.

The library expects to reopen its children's section next month, while the rest of the building \
waits for new flooring that the town council agreed to pay for on Monday.

Tags: library, flood, volunteers
Comments
You must be logged in to post a comment.
Powered by Newspack
\u00a9 2021 Riverside Gazette Media Group. All rights reserved.
"""

TABLOID = """\
NEWS SPORT CELEBS TV ROYAL MONEY TRAVEL
Log in | Register

EXCLUSIVE: Runaway llama leads police on two-hour chase through village gardens

By SAM WEBB
PUBLISHED: 00:01, Tue, Nov 19, 2019 | UPDATED: 10:12, Tue, Nov 19, 2019

A runaway llama led police on a two-hour chase through the gardens of a Devon village before it \
was finally cornered next to the village pond on Monday afternoon.

The animal, called Dolly, had escaped from a farm on the edge of the village after a gate was \
left open, and residents soon began posting pictures of her eating their roses.

(Image credit: Devon Police)

Officers said they had to wait for the farmer to arrive with a bucket of feed, because the llama \
refused to be led anywhere by anyone she did not know.

The farmer said Dolly was back in her field and none the worse for her adventure, although \
several gardens in the village would need new hedges.

Sign up for our daily newsletter and get the best stories in your inbox
Read more
Sponsored
You won't believe what these celebrities look like now
"""

BLOG_RELATIVE = """\
Nordic Trails
Menu

Crossing the Hardangervidda plateau on skis in five days

Written by Erik Dahl | Staff writer
2 days ago

The Hardangervidda is the largest mountain plateau in Europe, and in winter it turns into a white \
desert where the wind decides how far you travel each day.

We set out from Finse with heavy sleds, a tent and enough food for a week, planning to reach the \
road on the far side in five days if the weather let us.

On the third day a storm pinned us in the tent for eighteen hours, and we spent most of it melting \
snow for water and playing cards by the light of a head torch.

Share this:
Facebook
Twitter
Leave a comment
"""

SPANISH_PAPER = """\
Portada Nacional Internacional Deportes Cultura

Los agricultores del valle del Ebro piden ayudas urgentes por la sequía

02 Ago 2017

ZARAGOZA (EFE) - Los agricultores del valle del Ebro pidieron este miércoles al Gobierno ayudas \
urgentes para hacer frente a la peor sequía de las últimas décadas, que ha reducido a la mitad la \
cosecha de cereal en algunas comarcas.

Las organizaciones agrarias calculan que las pérdidas superan los doscientos millones de euros y \
advierten de que muchas explotaciones pequeñas no podrán sembrar el próximo otoño sin apoyo.

El consejero de Agricultura aseguró que el Gobierno regional estudia un plan de créditos a bajo \
interés y una rebaja de las tarifas del agua de riego para los meses de verano.

Noticias relacionadas
La ola de calor dispara el consumo eléctrico
© 2017 Diario del Ebro
"""

MAGAZINE = """\
The Weekly Review
Culture Money Science Opinion Podcasts
Subscribe

Money

The quiet comeback of the neighbourhood bank branch

Photograph: Maria Lopez/Reuters

Illustration: The Weekly Review

After a decade in which thousands of high-street branches closed their doors, a handful of small \
banks are opening new ones, betting that customers still want to talk to a person about a loan.

The new branches look little like the marble halls of the past: most are a single room with a \
coffee machine, two desks and a screen for video calls with specialists in the head office.

Bankers say the branches pay for themselves through mortgages and small-business loans, which \
customers are far more likely to take out after a conversation across a desk than online.

Critics say the openings are a marketing exercise that changes little for the villages and \
towns that lost their only branch years ago and still have no cash machine.

Share on Facebook: The quiet comeback of the neighbourhood bank branch
More from Money
"""

NEWS_SITE_PHOTOS = """\
Skip to content
The Harbour Times
World U.S. Politics Business Tech Opinion
Advertisement

Business

Port strike halts container traffic on the East Coast for a second day

Cranes stood idle at the Port of Newark on Tuesday as the talks stalled.Credit...Jane Roe/The Harbour Times

A closed gate at the Port of Baltimore, where trucks were turned away. Mark Dunn/AFP via Getty Images

Empty berths at the container terminal in Savannah, Georgia.Kevin Ruiz / Reuters file

Reuters, Washington,

Dockworkers at three dozen ports on the East Coast and the Gulf of Mexico stayed off the job for a \
second day on Wednesday, leaving ships at anchor and containers of food and car parts on the quays.

The union and the port operators met for six hours on Tuesday evening without agreeing on wages or \
on the automated cranes that the operators want to bring into more terminals next year.

Retailers asked the White House to step in before the holiday season, saying that every day of the \
strike would take close to a week to clear once the ports open again.

Advertisement
More in Business
"""
