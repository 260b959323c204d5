from .article import ArticleAuthor, ArticlePage, ArticleTag
from .author import AuthorIndexPage, AuthorPage
from .home import HomePage
from .section import SectionPage
from .standard import StandardPage
from .websub import WebSubPing

__all__ = [
    "ArticleAuthor",
    "ArticlePage",
    "ArticleTag",
    "AuthorIndexPage",
    "AuthorPage",
    "HomePage",
    "SectionPage",
    "StandardPage",
    "WebSubPing",
]
