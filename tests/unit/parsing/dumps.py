"""Page dumps of several shapes, written for these tests: what a crawler saves of a whole page."""

from __future__ import annotations

NEWS_WIRE = """\
Storm floods coastal towns as rivers burst their banks

LISBON, Jan. 12 (Reuters) - Heavy rain flooded dozens of coastal towns in northern Portugal on \
Monday after two rivers burst their banks overnight, forcing hundreds of people from their homes, \
civil protection officials said.

Click here to read more

Rescue teams used boats to reach residents trapped on the upper floors of houses in the town of \
Viana do Castelo, where the water rose more than two metres in a few hours.

"We have never seen the river come up this fast," said Maria Santos, a shopkeeper whose store \
was under water by dawn. "There was no time to move anything."

Prime Minister Luis Montenegro said the government would release emergency funds and asked \
people in the affected areas to stay away from the rivers until the rain eased.

Forecasters expect the rain to continue until Wednesday, when a colder and drier air mass is due \
to arrive from the north.


Related Coverage

  * Heavy snow closes mountain passes in Spain
      Europe  Reuters
      Hundreds of drivers spent the night in their cars after snow closed three mountain passes in \
northern Spain, the traffic authority said on Sunday. Source
  * Fishing fleet stays in port as storm season begins
      Business  Reuters
      Most of the country's fishing boats stayed in port for a third day as the storm season began, \
and the fishermen's association said the losses were mounting. Source
  * Markets slip as investors weigh central bank comments
      Markets  Reuters
"""

BLOG = """\
The Slow Kitchen
Home | Recipes | About | Contact

How I finally learned to bake sourdough at home

Posted by Jane Miller on March 3, 2016
Share: Facebook | Twitter | Pinterest | Email

For years I was convinced that sourdough was something only professional bakers could get right. \
My first loaves were dense, flat and sour enough to make your eyes water.

Everything changed when I stopped following the clock and started watching the dough. A starter \
that has doubled and smells sweet is ready; one that has collapsed needs another feeding.

Share this:

The second thing I learned was patience. A long, cold rise in the fridge overnight gives the bread \
its flavour and makes the dough far easier to shape in the morning.

Now I bake two loaves every weekend, and my family has stopped asking me to buy bread from the \
shop on the corner.

Share: Facebook | Twitter | Pinterest | Email

Tags: baking, bread, sourdough

12 Comments

Tom Baker says:
March 4, 2016 at 9:15 am
Great post! I tried the overnight rise last weekend and the loaf was so much better than before.

Reply

Anna says:
March 5, 2016 at 6:02 pm
How much starter do you use for one loaf? Mine always seems to spread out in the oven.

Reply

Leave a Reply

Your email address will not be published. Required fields are marked *
"""

NEWSPAPER = """\
Skip to main content
Menu
News
Sport
Business
Opinion
Search
Log in

The Northern Chronicle

News > Local > Transport

City council approves new tram line to the airport

By Peter Hughes and Sara Lind
Published 14 June 2021, 10:45

The city council voted on Tuesday to build a new tram line linking the central station with the \
airport, ending a decade of debate over how to connect the two.

The line, which is expected to cost 420 million euros, will run for 14 kilometres and stop at \
nine stations, including the university campus and the new hospital.

Advertisement

Supporters said the tram would take thousands of cars off the ring road every day and cut journey \
times to the airport by almost half. Opponents argued that the money would be better spent on buses.

Construction is due to begin next spring, and the first trams are expected to run in 2026.

Sign up for our morning briefing
Get the day's top stories in your inbox every morning.
Enter your email address
Subscribe

Most read
1. Heatwave warning issued for the weekend
2. Local team wins the regional cup final
3. Road closures planned for the summer festival

About us | Contact | Advertise | Privacy policy | Terms of use
\u00a9 2021 The Northern Chronicle. All rights reserved.
"""

NO_ARTICLE = """\
Home
News
Sport
Weather
Contact us
Log in
Subscribe
"""
