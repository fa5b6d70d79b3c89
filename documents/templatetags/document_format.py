from django import template

from regions import formatting
from staff.templatetags.staff_tags import decided

register = template.Library()

register.filter("number", formatting.number)
register.filter("decimal_number", formatting.decimal_number)
register.filter("percentage", formatting.percentage)
register.filter("euro", formatting.euro)
register.filter("decided", decided)
